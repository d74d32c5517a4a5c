// Organization invitations (issue 9, part C): the search documents of `query`.

/** Trigram search document of an organization invitation (its email address, lowercased). */
export interface OrganizationInvitationSearchTable {
  invitation_id: string;
  instance_id: string;
  email: string;
}

/** Request bodies as they arrive on the wire (already validated against the contract). */
type Nullable<T> = T | null | undefined;
type Metadata = Record<string, unknown>;

export interface CreateUserInput {
  external_id?: Nullable<string>;
  first_name?: Nullable<string>;
  last_name?: Nullable<string>;
  locale?: Nullable<string>;
  email_address?: string[];
  email_address_identification_status?: ('verified' | 'reserved')[];
  phone_number?: string[];
  phone_number_identification_status?: ('verified' | 'reserved')[];
  web3_wallet?: string[];
  username?: Nullable<string>;
  password?: Nullable<string>;
  password_digest?: Nullable<string>;
  password_hasher?: Nullable<string>;
  skip_password_checks?: Nullable<boolean>;
  skip_password_requirement?: Nullable<boolean>;
  totp_secret?: Nullable<string>;
  backup_codes?: string[];
  public_metadata?: Metadata;
  private_metadata?: Metadata;
  unsafe_metadata?: Metadata;
  delete_self_enabled?: Nullable<boolean>;
  legal_accepted_at?: Nullable<string>;
  skip_legal_checks?: Nullable<boolean>;
  skip_user_requirement?: Nullable<boolean>;
  create_organization_enabled?: Nullable<boolean>;
  create_organizations_limit?: Nullable<number>;
  created_at?: Nullable<string>;
  bypass_client_trust?: Nullable<boolean>;
  banned?: Nullable<boolean>;
  locked?: Nullable<boolean>;
}

export interface UpdateUserInput {
  external_id?: Nullable<string>;
  first_name?: Nullable<string>;
  last_name?: Nullable<string>;
  locale?: Nullable<string>;
  primary_email_address_id?: Nullable<string>;
  notify_primary_email_address_changed?: Nullable<boolean>;
  primary_phone_number_id?: Nullable<string>;
  primary_web3_wallet_id?: Nullable<string>;
  username?: Nullable<string>;
  profile_image_id?: Nullable<string>;
  password?: Nullable<string>;
  password_digest?: Nullable<string>;
  password_hasher?: Nullable<string>;
  skip_password_checks?: Nullable<boolean>;
  sign_out_of_other_sessions?: Nullable<boolean>;
  totp_secret?: Nullable<string>;
  backup_codes?: string[];
  public_metadata?: Nullable<Metadata>;
  private_metadata?: Nullable<Metadata>;
  unsafe_metadata?: Nullable<Metadata>;
  delete_self_enabled?: Nullable<boolean>;
  create_organization_enabled?: Nullable<boolean>;
  legal_accepted_at?: Nullable<string>;
  skip_legal_checks?: Nullable<boolean>;
  create_organizations_limit?: Nullable<number>;
  created_at?: Nullable<string>;
  bypass_client_trust?: Nullable<boolean>;
}

export interface MetadataInput {
  public_metadata?: Metadata;
  private_metadata?: Metadata;
  unsafe_metadata?: Metadata;
}

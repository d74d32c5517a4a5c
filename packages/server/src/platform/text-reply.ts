/**
 * A success answer that is not JSON (the public interstitial's HTML page): the route sends
 * `body` as it is, with `contentType`, instead of serializing through a response schema.
 */
export class TextReply {
  constructor(
    readonly contentType: string,
    readonly body: string,
  ) {}
}

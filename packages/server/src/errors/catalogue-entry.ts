export interface CatalogueEntry {
  /** Clerk's error code, sent as `code`. */
  code: string;
  status: number;
  message: string;
  /** `{param}` is the parameter's name; `%s` placeholders are filled by the arguments, in order. */
  longMessage: string;
  /** `true`: the first argument names the parameter; a string: this parameter. */
  param?: true | string;
}

/** Malformed, truncated or non-XML-RPC input. One error class so callers map it in one place. */
export class XmlRpcParseError extends Error {
  constructor(
    message: string,
    /** Character offset in the document where the problem was seen, when known. */
    readonly offset?: number,
    /** The document ended early (everything before was well formed): worth retrying over a network. */
    readonly truncated: boolean = false,
    /** Where in the value: array indexes and struct member names from the outside in (set by the parser). */
    public path?: Array<number | string>,
  ) {
    super(offset === undefined ? message : `${message} (at offset ${offset})`);
    this.name = 'XmlRpcParseError';
  }
}

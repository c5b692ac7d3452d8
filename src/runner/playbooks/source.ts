// A playbook file as text. Line numbers are what every message gives, so whatever the file was
// saved with reads the same as LF: CRLF (Windows editors) and lone CR line breaks become LF, line
// for line, and a byte-order mark is dropped. A file that is not UTF-8 is refused, naming its
// line: decoded anyway, its bad bytes would turn into U+FFFD and a symptom would silently never match.
import { isUtf8 } from "node:buffer";
import { PlaybookError } from "../errors/index.ts";

/** The text of a playbook file's bytes; ENCODING_INVALID when they are not UTF-8. */
export function decodePlaybook(bytes: Uint8Array, file: string): string {
  if (!isUtf8(bytes)) {
    const at = firstInvalidByte(bytes);
    const line = bytes.subarray(0, at).filter((b) => b === 0x0a).length + 1;
    const byte = bytes[at] === undefined ? "" : ` (byte 0x${bytes[at]!.toString(16).padStart(2, "0")})`;
    throw new PlaybookError("ENCODING_INVALID", `the file is not UTF-8: line ${line} holds a byte sequence UTF-8 does not allow${byte}`, {
      file,
      line,
      hint: "Save the file as UTF-8 (most editors: Save with Encoding; or iconv -f latin1 -t utf-8).",
    });
  }
  return normalizeSource(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes));
}

/** LF line breaks and no byte-order mark; each CRLF or lone CR is one LF, so line numbers do not move. */
export function normalizeSource(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (more < 0) return i;
    for (let k = 1; k <= more; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  // isUtf8 also refuses overlong forms and encoded surrogates, which this walk lets pass: line 1 then.
  return 0;
}

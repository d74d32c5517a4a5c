let serial = 0;

/** A valid, unique New York number in E.164 (libphonenumber checks the numbering plan). */
export function uniquePhone(): string {
  serial += 1;
  return `+1212${String(2000000 + ((process.pid * 1000 + serial) % 7999999)).padStart(7, '0')}`;
}

/**
 * Member identity: NIK, name, address and phone are personal data (UU 27/2022). They live in an
 * identity record outside the hashed events; an event carries only the record's digest, salted so
 * that a low-entropy NIK cannot be recovered from the digest. A record can be corrected (a new
 * digest is logged) or redacted (the record is blanked and the digest stays) without breaking the chain.
 */
import { encodeCanonicalValue, sha256Hex } from "./canonical.js";
import { daysInMonth } from "./dates.js";
import { type Detail, say } from "./errors.js";
import type { IdentityRecordData } from "./model.js";

export interface IdentityRecord extends IdentityRecordData {
  readonly memberNo: string;
  /** 32 hex characters of randomness, chosen when the record is written. */
  readonly salt: string;
  /** True once the personal data was erased; the digest then can no longer be checked. */
  readonly redacted?: boolean;
}

export const identityDigest = (record: IdentityRecord): string =>
  sha256Hex(
    encodeCanonicalValue({
      memberNo: record.memberNo,
      nik: record.nik,
      name: record.name,
      address: record.address,
      phone: record.phone,
      salt: record.salt,
    }),
  );

export const redactIdentity = (record: IdentityRecord): IdentityRecord => ({
  memberNo: record.memberNo,
  nik: "",
  name: "",
  address: "",
  salt: record.salt,
  redacted: true,
});

/**
 * Checks a NIK by the rule of Dukcapil: 16 digits; digits 1–2 a province code 11–94; digits 7–12
 * the birth date as DDMMYY, with 40 added to the day for women, and the date must exist; digits
 * 13–16 a serial that is never 0000. Returns the reason it fails (`detail` in Bahasa Indonesia,
 * `detailEn` in English), or undefined when it passes.
 */
export const nikProblem = (nik: string): Detail | undefined => {
  if (!/^\d{16}$/.test(nik)) return say("harus 16 angka", "it must be 16 digits");
  const province = Number(nik.slice(0, 2));
  if (province < 11 || province > 94)
    return say(`kode provinsi ${nik.slice(0, 2)} tidak ada (11–94)`, `no province has the code ${nik.slice(0, 2)} (11–94)`);
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  if (day > 40) day -= 40;
  if (month < 1 || month > 12) return say(`bulan lahir ${nik.slice(8, 10)} tidak ada`, `no month of birth is ${nik.slice(8, 10)}`);
  // Two-digit years: a leap-year check needs the century; 00 is a leap year in 2000, so either reading
  // of any yy gives the same number of days in February except 1900, which no living member has.
  const year = 2000 + yy;
  if (day < 1 || day > daysInMonth(year, month))
    return say(`tanggal lahir ${nik.slice(6, 12)} tidak ada`, `the date of birth ${nik.slice(6, 12)} does not exist`);
  if (nik.slice(12, 16) === "0000") return say("nomor urut 0000 tidak dipakai", "the serial 0000 is never issued");
  return undefined;
};

/** The identities a book holds, outside its log: the NIK index decide needs for uniqueness. */
export interface IdentityIndex {
  /** The member that holds this NIK, if any. */
  memberWithNik(nik: string): string | undefined;
}

export const emptyIdentityIndex: IdentityIndex = { memberWithNik: () => undefined };

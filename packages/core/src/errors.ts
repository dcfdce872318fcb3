/**
 * Rejections: a command that the book refuses is a value, a tagged error with the fields a program
 * needs to react and a message a treasurer understands (Bahasa Indonesia in `message`, English in
 * `messageEn`). Nothing is written when a command is rejected.
 *
 * A broken invariant is not here: it is a defect (an `Error` thrown by `assert`), and crashes.
 */
import * as Data from "effect/Data";
import { problemIndonesian } from "./command-problems.js";
import { formatRupiah, type Scale } from "./money.js";

/** Crashes on a broken invariant. Never catch it and carry on. */
export function assert(condition: boolean, what: string): asserts condition {
  if (!condition) throw new InvariantViolation(what);
}
export class InvariantViolation extends Error {
  override readonly name = "InvariantViolation";
}

/**
 * A rejection's detail: in Bahasa Indonesia (`detail`) and, where the words differ, in English
 * (`detailEn`). A bare id, date or amount reads the same in both and has no `detailEn`.
 */
export interface Detail {
  readonly detail: string;
  readonly detailEn?: string | undefined;
}

/** A detail in parentheses after what it concerns, left out when it only repeats it (`Loan P-9: no such loan`). */
const aside = (detail: string, subject: string): string => (detail === subject ? "" : ` (${detail})`);

/** A detail said in both languages. */
export const say = (id: string, en: string): Detail => ({ detail: id, detailEn: en });

/** A detail from a bare text (the same in both languages) or one said in both. */
export const detailOf = (detail: string | Detail): Detail => (typeof detail === "string" ? { detail } : detail);

/**
 * One thing wrong with a command: where in it (`["lines", 0, "quantity"]`, empty for the whole) and
 * what, in English (`message`) and in Indonesian (`messageId`).
 */
export interface CommandProblem {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
  readonly messageId?: string;
}

/**
 * A command that does not decode: `issues` says every problem in words; `problems`, when the
 * command was decoded against its schema, lists them one by one with where each is, so a form or a
 * command line can point at the field.
 */
export class InvalidCommand extends Data.TaggedError("InvalidCommand")<{
  readonly issues: string;
  readonly problems?: ReadonlyArray<CommandProblem>;
}> {
  override get message() {
    const problems = this.problems ?? [];
    if (problems.length === 0) return `Perintah tidak sah: ${problemIndonesian(this.issues)}`;
    const said = problems.map((p) => `${p.path.length === 0 ? "" : `${p.path.join(".")}: `}${p.messageId ?? problemIndonesian(p.message)}`);
    return `Perintah tidak sah: ${said.join("; ")}`;
  }
  get messageEn() {
    return `Invalid command: ${this.issues}`;
  }
}

export class InvalidAmount extends Data.TaggedError("InvalidAmount")<{
  readonly field: string;
  readonly text: string;
  readonly reason: "syntax" | "fraction" | "range" | "not-positive" | "negative" | "ambiguous";
}> {
  /** An ambiguous text's two readings: `5.000` as 5000 (the dot groups thousands) and as 5 (a decimal point). */
  private get readings() {
    const text = this.text.trim();
    return {
      grouped: text.replace(".", ""),
      decimal: text.replace(/\.?0+$/, ""),
      rupiah: text.startsWith("-") ? `-Rp${text.slice(1)}` : `Rp${text}`,
    };
  }
  override get message() {
    const { grouped, decimal, rupiah } = this.readings;
    const why = {
      syntax: "bukan angka yang dikenali (contoh: 1250000 atau Rp1.250.000)",
      fraction: "memiliki pecahan lebih kecil dari satuan terkecil buku",
      range: "di luar batas (paling besar 10^15 satuan terkecil)",
      "not-positive": "harus lebih besar dari nol",
      negative: "tidak boleh negatif",
      ambiguous: `ambigu: bisa dibaca ${grouped} (titik sebagai pemisah ribuan) atau ${decimal} (titik desimal); tulis ${grouped} atau ${rupiah} untuk yang pertama, ${decimal} untuk yang kedua`,
    }[this.reason];
    return `Jumlah pada ${this.field} (${this.text}) ${why}.`;
  }
  get messageEn() {
    const { grouped, decimal, rupiah } = this.readings;
    const why = {
      syntax: "is not a recognised amount (e.g. 1250000 or Rp1.250.000)",
      fraction: "has a fraction smaller than the book's minor unit",
      range: "is out of range (at most 10^15 minor units)",
      "not-positive": "must be greater than zero",
      negative: "must not be negative",
      ambiguous: `is ambiguous: it reads as ${grouped} (the dot grouping thousands) or ${decimal} (a decimal point); write ${grouped} or ${rupiah} for the first, ${decimal} for the second`,
    }[this.reason];
    return `The amount in ${this.field} (${this.text}) ${why}.`;
  }
}

export class InvalidConfig extends Data.TaggedError("InvalidConfig")<{
  readonly field: string;
  /** Why, in Bahasa Indonesia. */
  readonly reason: string;
  /** Why, in English. */
  readonly reasonEn: string;
}> {
  override get message() {
    return `Pengaturan ${this.field} tidak sah: ${this.reason}.`;
  }
  get messageEn() {
    return `Setting ${this.field} is invalid: ${this.reasonEn}.`;
  }
}

export class BookNotFound extends Data.TaggedError("BookNotFound")<{ readonly bookId: string }> {
  override get message() {
    return `Buku ${this.bookId} belum dibuka.`;
  }
  get messageEn() {
    return `Book ${this.bookId} does not exist.`;
  }
}

export class BookAlreadyOpened extends Data.TaggedError("BookAlreadyOpened")<{ readonly bookId: string }> {
  override get message() {
    return `Buku ${this.bookId} sudah dibuka.`;
  }
  get messageEn() {
    return `Book ${this.bookId} is already open.`;
  }
}

export class UnknownMember extends Data.TaggedError("UnknownMember")<{ readonly memberNo: string }> {
  override get message() {
    return `Anggota ${this.memberNo} tidak terdaftar.`;
  }
  get messageEn() {
    return `Member ${this.memberNo} is not registered.`;
  }
}

export class MemberAlreadyRegistered extends Data.TaggedError("MemberAlreadyRegistered")<{ readonly memberNo: string }> {
  override get message() {
    return `Nomor anggota ${this.memberNo} sudah dipakai.`;
  }
  get messageEn() {
    return `Member number ${this.memberNo} is already taken.`;
  }
}

export class MemberExited extends Data.TaggedError("MemberExited")<{ readonly memberNo: string; readonly exitedOn: string }> {
  override get message() {
    return `Anggota ${this.memberNo} sudah keluar pada ${this.exitedOn} dan tidak dapat bertransaksi.`;
  }
  get messageEn() {
    return `Member ${this.memberNo} left on ${this.exitedOn} and can no longer transact.`;
  }
}

export class InvalidNik extends Data.TaggedError("InvalidNik")<{
  readonly nik: string;
  /** Why, in Bahasa Indonesia. */
  readonly reason: string;
  /** Why, in English. */
  readonly reasonEn: string;
}> {
  override get message() {
    return `NIK ${this.nik} tidak sah: ${this.reason}.`;
  }
  get messageEn() {
    return `NIK ${this.nik} is invalid: ${this.reasonEn}.`;
  }
}

export class DuplicateNik extends Data.TaggedError("DuplicateNik")<{ readonly existingMemberNo: string }> {
  override get message() {
    return `NIK ini sudah terdaftar sebagai anggota ${this.existingMemberNo}.`;
  }
  get messageEn() {
    return `This NIK is already registered as member ${this.existingMemberNo}.`;
  }
}

export class UnknownAccount extends Data.TaggedError("UnknownAccount")<{ readonly code: string }> {
  override get message() {
    return `Akun ${this.code} tidak ada dalam bagan akun.`;
  }
  get messageEn() {
    return `Account ${this.code} is not in the chart of accounts.`;
  }
}

export class AccountAlreadyExists extends Data.TaggedError("AccountAlreadyExists")<{ readonly code: string }> {
  override get message() {
    return `Akun ${this.code} sudah ada.`;
  }
  get messageEn() {
    return `Account ${this.code} already exists.`;
  }
}

export class AccountNotRemovable extends Data.TaggedError("AccountNotRemovable")<{
  readonly code: string;
  readonly reason: "has-postings" | "engine-account";
}> {
  override get message() {
    return this.reason === "has-postings"
      ? `Akun ${this.code} sudah pernah dibukukan dan tidak dapat dihapus.`
      : `Akun ${this.code} dipakai oleh mesin pembukuan dan tidak dapat dihapus (boleh diganti nama).`;
  }
  get messageEn() {
    return this.reason === "has-postings"
      ? `Account ${this.code} has postings and cannot be removed.`
      : `Account ${this.code} is used by the engine and cannot be removed (it may be renamed).`;
  }
}

export class ControlAccountNotAllowed extends Data.TaggedError("ControlAccountNotAllowed")<{ readonly code: string }> {
  override get message() {
    return `Akun ${this.code} adalah akun kontrol buku pembantu; gunakan perintah transaksinya (misalnya setoran atau penarikan).`;
  }
  get messageEn() {
    return `Account ${this.code} is a control account; use its own transaction command (a deposit, a withdrawal, …).`;
  }
}

export class UnknownUnit extends Data.TaggedError("UnknownUnit")<{ readonly unit: string }> {
  override get message() {
    return `Unit usaha ${this.unit} tidak dikenal.`;
  }
  get messageEn() {
    return `Business unit ${this.unit} is unknown.`;
  }
}

export class UnbalancedEntry extends Data.TaggedError("UnbalancedEntry")<{
  readonly unit: string | undefined;
  readonly differenceMinor: bigint;
  /** The book's scale, to write the amounts as rupiah. */
  readonly scale: Scale;
}> {
  override get message() {
    const difference = formatRupiah(this.differenceMinor, this.scale);
    return this.unit === undefined
      ? `Jurnal tidak seimbang: selisih debit dan kredit ${difference}.`
      : `Jurnal tidak seimbang di unit ${this.unit} (selisih ${difference}); tambahkan baris Rekening Antar Unit.`;
  }
  get messageEn() {
    const difference = formatRupiah(this.differenceMinor, this.scale);
    return this.unit === undefined
      ? `Entry does not balance: debits minus credits is ${difference}.`
      : `Entry does not balance within unit ${this.unit} (difference ${difference}); add Rekening Antar Unit lines.`;
  }
}

export class TooManyLines extends Data.TaggedError("TooManyLines")<{ readonly count: number; readonly max: number }> {
  override get message() {
    return `Terlalu banyak baris (${this.count}); paling banyak ${this.max}.`;
  }
  get messageEn() {
    return `Too many lines (${this.count}); at most ${this.max}.`;
  }
}

export class InsufficientBalance extends Data.TaggedError("InsufficientBalance")<{
  readonly memberNo: string;
  readonly balanceMinor: bigint;
  readonly requestedMinor: bigint;
  readonly minimumMinor: bigint;
  /** The book's scale, to write the amounts as rupiah. */
  readonly scale: Scale;
}> {
  override get message() {
    const rp = (amount: bigint) => formatRupiah(amount, this.scale);
    return `Saldo simpanan sukarela anggota ${this.memberNo} (${rp(this.balanceMinor)}) tidak cukup untuk menarik ${rp(this.requestedMinor)} dengan saldo minimum ${rp(this.minimumMinor)}.`;
  }
  get messageEn() {
    const rp = (amount: bigint) => formatRupiah(amount, this.scale);
    return `Member ${this.memberNo}'s sukarela balance (${rp(this.balanceMinor)}) cannot cover ${rp(this.requestedMinor)} while keeping the minimum of ${rp(this.minimumMinor)}.`;
  }
}

/**
 * A date before what it concerns begins: the book's start, or (`of`) the day the member joined or the
 * loan was disbursed; `startDate` is that day.
 */
export class DateBeforeBookStart extends Data.TaggedError("DateBeforeBookStart")<{
  readonly date: string;
  readonly startDate: string;
  readonly of?: { readonly kind: "member" | "loan"; readonly id: string };
}> {
  override get message() {
    const start =
      this.of === undefined ? "awal buku" : this.of.kind === "member" ? `anggota ${this.of.id} masuk` : `pinjaman ${this.of.id} dicairkan`;
    return `Tanggal ${this.date} sebelum ${start} (${this.startDate}).`;
  }
  get messageEn() {
    const start =
      this.of === undefined
        ? "the book's start"
        : this.of.kind === "member"
          ? `member ${this.of.id} joined`
          : `loan ${this.of.id} was disbursed`;
    return `Date ${this.date} is before ${start} (${this.startDate}).`;
  }
}

export class DateInFuture extends Data.TaggedError("DateInFuture")<{ readonly date: string; readonly today: string }> {
  override get message() {
    return `Tanggal ${this.date} belum terjadi (hari ini ${this.today}).`;
  }
  get messageEn() {
    return `Date ${this.date} is in the future (today is ${this.today}).`;
  }
}

export class PeriodClosed extends Data.TaggedError("PeriodClosed")<{ readonly date: string; readonly month: string }> {
  override get message() {
    return `Bulan ${this.month} sudah ditutup; tanggal ${this.date} tidak dapat dibukukan.`;
  }
  get messageEn() {
    return `Month ${this.month} is closed; nothing can be posted on ${this.date}.`;
  }
}

export class NotOnBookStart extends Data.TaggedError("NotOnBookStart")<{ readonly date: string; readonly startDate: string }> {
  override get message() {
    return `Saldo awal harus bertanggal awal buku (${this.startDate}), bukan ${this.date}.`;
  }
  get messageEn() {
    return `Opening balances must be dated on the book's start (${this.startDate}), not ${this.date}.`;
  }
}

export class MonthNotClosable extends Data.TaggedError("MonthNotClosable")<{
  readonly month: string;
  readonly reason: "already-closed" | "out-of-order" | "not-ended" | "opening-unbalanced" | "subledger-unreconciled";
  readonly detail: string;
  /** The detail in English, where its words differ. */
  readonly detailEn?: string | undefined;
}> {
  override get message() {
    const why = {
      "already-closed": "bulan itu sudah ditutup",
      "out-of-order": "bulan ditutup berurutan",
      "not-ended": "bulan belum berakhir",
      "opening-unbalanced": "saldo awal belum seimbang (Penyeimbang Saldo Awal belum nol)",
      "subledger-unreconciled": "buku pembantu tidak cocok dengan akun kontrolnya",
    }[this.reason];
    return `Bulan ${this.month} tidak dapat ditutup: ${why} (${this.detail}).`;
  }
  get messageEn() {
    const why = {
      "already-closed": "it is closed already",
      "out-of-order": "months close in order",
      "not-ended": "the month has not ended",
      "opening-unbalanced": "opening balances do not balance yet (Penyeimbang Saldo Awal is not zero)",
      "subledger-unreconciled": "a sub-ledger does not reconcile to its control account",
    }[this.reason];
    return `Month ${this.month} cannot be closed: ${why} (${this.detailEn ?? this.detail}).`;
  }
}

export class MonthNotReopenable extends Data.TaggedError("MonthNotReopenable")<{
  readonly month: string;
  readonly detail: string;
  /** The detail in English, where its words differ. */
  readonly detailEn?: string | undefined;
}> {
  override get message() {
    return `Bulan ${this.month} tidak dapat dibuka kembali: ${this.detail}.`;
  }
  get messageEn() {
    return `Month ${this.month} cannot be reopened: ${this.detailEn ?? this.detail}.`;
  }
}

/** The year close or the RAT's SHU distribution cannot go ahead. */
export class ShuRejected extends Data.TaggedError("ShuRejected")<{
  readonly subject: string;
  readonly reason:
    | "invalid-policy"
    | "year-not-closed"
    | "already-distributed"
    | "no-surplus"
    | "no-capital"
    | "no-usage"
    | "before-year-end"
    | "nothing-owed"
    | "beyond-owed";
  readonly detail: string;
  /** The detail in English, where its words differ. */
  readonly detailEn?: string | undefined;
}> {
  override get message() {
    const why = {
      "invalid-policy": "kebijakan SHU tidak sah",
      "year-not-closed": "tahun buku belum ditutup",
      "already-distributed": "SHU tahun ini sudah dibagi",
      "no-surplus": "tidak ada SHU bagian anggota untuk dibagi",
      "no-capital": "tidak ada modal anggota sebagai dasar jasa modal",
      "no-usage": "tidak ada transaksi anggota sebagai dasar jasa usaha",
      "before-year-end": "RAT diadakan setelah tahun buku berakhir",
      "nothing-owed": "tidak ada SHU terutang kepada anggota ini",
      "beyond-owed": "melebihi SHU yang terutang",
    }[this.reason];
    return `SHU ${this.subject}: ${why}${aside(this.detail, this.subject)}.`;
  }
  get messageEn() {
    const why = {
      "invalid-policy": "the SHU policy is not valid",
      "year-not-closed": "the book year is not closed",
      "already-distributed": "this year's SHU was already distributed",
      "no-surplus": "there is no member SHU to distribute",
      "no-capital": "no member capital to base jasa modal on",
      "no-usage": "no member business to base jasa usaha on",
      "before-year-end": "the RAT is held after the book year ends",
      "nothing-owed": "no SHU is owed to this member",
      "beyond-owed": "more than the SHU owed",
    }[this.reason];
    return `SHU ${this.subject}: ${why}${aside(this.detailEn ?? this.detail, this.subject)}.`;
  }
}

export class IdempotencyConflict extends Data.TaggedError("IdempotencyConflict")<{ readonly key: string }> {
  override get message() {
    return `Kunci idempotensi ${this.key} sudah dipakai untuk perintah lain.`;
  }
  get messageEn() {
    return `Idempotency key ${this.key} was already used for a different command.`;
  }
}

export class NotReversible extends Data.TaggedError("NotReversible")<{
  readonly seq: number;
  readonly reason: "not-found" | "already-reversed" | "type" | "before-original" | "would-go-negative";
  readonly detail: string;
  /** The detail in English, where its words differ. */
  readonly detailEn?: string | undefined;
}> {
  override get message() {
    return `Transaksi #${this.seq} tidak dapat dibatalkan: ${this.detail}.`;
  }
  get messageEn() {
    return `Event #${this.seq} cannot be reversed: ${this.detailEn ?? this.detail}.`;
  }
}

export class ResignationBlocked extends Data.TaggedError("ResignationBlocked")<{
  readonly memberNo: string;
  readonly owedMinor: bigint;
  readonly savingsMinor: bigint;
  /** The book's scale, to write the amounts as rupiah. */
  readonly scale: Scale;
}> {
  override get message() {
    const rp = (amount: bigint) => formatRupiah(amount, this.scale);
    return `Anggota ${this.memberNo} masih berutang ${rp(this.owedMinor)}, lebih besar dari simpanannya ${rp(this.savingsMinor)}; lunasi dahulu.`;
  }
  get messageEn() {
    const rp = (amount: bigint) => formatRupiah(amount, this.scale);
    return `Member ${this.memberNo} owes ${rp(this.owedMinor)}, more than their savings of ${rp(this.savingsMinor)}; settle first.`;
  }
}

export class NothingToPay extends Data.TaggedError("NothingToPay")<{ readonly memberNo: string }> {
  override get message() {
    return `Tidak ada titipan pengembalian simpanan untuk anggota ${this.memberNo}.`;
  }
  get messageEn() {
    return `No refund is held for member ${this.memberNo}.`;
  }
}

export class TextTooLong extends Data.TaggedError("TextTooLong")<{ readonly field: string; readonly max: number }> {
  override get message() {
    return `${this.field} terlalu panjang (paling banyak ${this.max} karakter).`;
  }
  get messageEn() {
    return `${this.field} is too long (at most ${this.max} characters).`;
  }
}

export class LoanRejected extends Data.TaggedError("LoanRejected")<{
  readonly loanId: string;
  readonly reason:
    | "unknown-product"
    | "product-exists"
    | "unknown-loan"
    | "loan-exists"
    | "not-active"
    | "over-limit"
    | "terms"
    | "overpayment"
    | "has-active-loan"
    | "source";
  readonly detail: string;
  /** The detail in English, where its words differ. */
  readonly detailEn?: string | undefined;
}> {
  override get message() {
    const why = {
      "unknown-product": "produk pinjaman tidak dikenal",
      "product-exists": "kode produk sudah dipakai",
      "unknown-loan": "pinjaman tidak dikenal",
      "loan-exists": "nomor pinjaman sudah dipakai",
      "not-active": "pinjaman sudah lunas atau tidak aktif",
      "over-limit": "melebihi batas pinjaman",
      terms: "syarat pinjaman tidak sah",
      overpayment: "pembayaran melebihi seluruh kewajiban",
      "has-active-loan": "anggota masih memiliki pinjaman aktif; lunasi dahulu",
      source: "pembayaran dari sukarela tidak memakai akun kas atau bank",
    }[this.reason];
    return `Pinjaman ${this.loanId}: ${why}${aside(this.detail, this.loanId)}.`;
  }
  get messageEn() {
    const why = {
      "unknown-product": "no such loan product",
      "product-exists": "the product code is already in use",
      "unknown-loan": "no such loan",
      "loan-exists": "the loan number is already in use",
      "not-active": "the loan is paid off or not active",
      "over-limit": "over the loan limit",
      terms: "the loan terms are not valid",
      overpayment: "the payment is more than everything owed",
      "has-active-loan": "the member still has an active loan; pay it off first",
      source: "a payment from sukarela takes no cash or bank account",
    }[this.reason];
    return `Loan ${this.loanId}: ${why}${aside(this.detailEn ?? this.detail, this.loanId)}.`;
  }
}

export class RetailRejected extends Data.TaggedError("RetailRejected")<{
  readonly subject: string;
  readonly reason:
    | "unknown-item"
    | "item-exists"
    | "unknown-supplier"
    | "supplier-exists"
    | "unknown-customer"
    | "customer-exists"
    | "no-price"
    | "beyond-stock"
    | "quantity"
    | "credit-limit"
    | "overpayment"
    | "discount"
    | "sale-exists"
    | "purchase-exists"
    | "unknown-purchase"
    | "unknown-sale"
    | "receipt-unread"
    | "beyond-sold"
    | "not-a-member";
  readonly detail: string;
  /** The detail in English, where its words differ. */
  readonly detailEn?: string | undefined;
}> {
  override get message() {
    const why = {
      "unknown-item": "barang tidak dikenal",
      "item-exists": "kode barang sudah dipakai",
      "unknown-supplier": "pemasok tidak dikenal",
      "supplier-exists": "kode pemasok sudah dipakai",
      "unknown-customer": "pelanggan tidak dikenal",
      "customer-exists": "kode pelanggan sudah dipakai",
      "no-price": "belum ada harga jual untuk tanggal ini",
      "beyond-stock": "melebihi persediaan",
      quantity: "jumlah barang tidak sah",
      "credit-limit": "melebihi batas kredit",
      overpayment: "pembayaran melebihi saldo utang/piutang",
      discount: "potongan melebihi harga",
      "sale-exists": "nomor penjualan sudah dipakai",
      "purchase-exists": "nomor pembelian sudah dipakai",
      "unknown-purchase": "pembelian tidak dikenal",
      "unknown-sale": "penjualan tidak dikenal",
      "receipt-unread": "transaksi yang mencatat struk ini tidak terbaca",
      "beyond-sold": "retur melebihi yang dijual atau dibeli",
      "not-a-member": "pembayaran dari simpanan sukarela hanya untuk anggota",
    }[this.reason];
    return `${this.subject}: ${why}${aside(this.detail, this.subject)}.`;
  }
  get messageEn() {
    const why = {
      "unknown-item": "no such item",
      "item-exists": "the item code is already in use",
      "unknown-supplier": "no such supplier",
      "supplier-exists": "the supplier code is already in use",
      "unknown-customer": "no such customer",
      "customer-exists": "the customer code is already in use",
      "no-price": "no selling price applies on this date yet",
      "beyond-stock": "more than the stock on hand",
      quantity: "the quantity is not valid",
      "credit-limit": "over the credit limit",
      overpayment: "the payment is more than the balance owed",
      discount: "the discount is more than the price",
      "sale-exists": "the sale number is already in use",
      "purchase-exists": "the purchase number is already in use",
      "unknown-purchase": "no such purchase",
      "unknown-sale": "no such sale",
      "receipt-unread": "the event that recorded this receipt was not read",
      "beyond-sold": "the return is more than was sold or bought",
      "not-a-member": "only a member can pay from simpanan sukarela",
    }[this.reason];
    return `${this.subject}: ${why}${aside(this.detailEn ?? this.detail, this.subject)}.`;
  }
}

/** A fixed-asset command the register refuses. */
export class FixedAssetRejected extends Data.TaggedError("FixedAssetRejected")<{
  readonly assetId: string;
  readonly reason:
    | "unknown-asset"
    | "asset-exists"
    | "residual"
    | "accumulated"
    | "life"
    | "disposed"
    | "before-acquired"
    | "via"
    | "depreciated"
    | "opening-closed"
    | "impaired"
    | "not-impaired"
    | "not-depreciated"
    | "account"
    | "no-impairment"
    | "not-recovered"
    | "unimpaired"
    | "schedule-ended"
    | "reversal-account";
  readonly detail: string;
  /** The detail in English, where its words differ. */
  readonly detailEn?: string | undefined;
}> {
  override get message() {
    const why = {
      "unknown-asset": "aset tetap tidak dikenal",
      "asset-exists": "kode aset tetap sudah dipakai",
      residual: "nilai sisa harus kurang dari harga perolehan",
      accumulated: "akumulasi penyusutan melebihi harga perolehan dikurangi nilai sisa",
      life: "umur manfaat tidak sah",
      disposed: "aset tetap sudah dilepas",
      "before-acquired": "tanggal sebelum tanggal perolehan",
      via: "pembayaran lewat akun kas atau bank, bukan akun aset tetap",
      depreciated: "sudah disusutkan, jadi tidak dapat dibatalkan (lepaskan, atau koreksi dengan jurnal)",
      "opening-closed": "saldo awalnya sudah ditutup bersama bulan pertama buku, jadi tidak dapat dibatalkan (koreksi dengan jurnal)",
      impaired: "nilainya sudah diturunkan, jadi tidak dapat dibatalkan (lepaskan, atau koreksi dengan jurnal)",
      "not-impaired": "nilai terpulihkan tidak di bawah nilai buku, jadi tidak ada penurunan nilai",
      "not-depreciated": "penyusutan bulan sebelumnya belum dibukukan: tutup bulan itu dahulu",
      account: "kerugian penurunan nilai dibebankan ke akun beban yang bukan akun kontrol",
      "no-impairment": "tidak ada rugi penurunan nilai yang belum dipulihkan",
      "not-recovered": "nilai terpulihkan tidak di atas nilai buku, jadi tidak ada pemulihan",
      unimpaired: "nilai buku sudah sebesar nilai buku seandainya tidak pernah diturunkan, jadi tidak dapat dipulihkan lagi",
      "reversal-account": "pemulihan penurunan nilai dikreditkan ke akun pendapatan atau beban yang bukan akun kontrol",
      "schedule-ended":
        "jadwal penyusutannya berhenti karena penurunan nilai dan bulan sesudahnya sudah ditutup, jadi pemulihan dibukukan dengan jurnal",
    }[this.reason];
    return `Aset tetap ${this.assetId}: ${why}${aside(this.detail, this.assetId)}.`;
  }
  get messageEn() {
    const why = {
      "unknown-asset": "no such fixed asset",
      "asset-exists": "the asset code is already in use",
      residual: "the residual value must be less than the cost",
      accumulated: "the accumulated depreciation exceeds cost less residual value",
      life: "the useful life is not valid",
      disposed: "the asset has already been disposed of",
      "before-acquired": "the date is before the asset was acquired",
      via: "payment goes through a cash or bank account, not a fixed-asset account",
      depreciated: "it has been depreciated, so it cannot be cancelled (dispose of it, or correct it with a journal)",
      "opening-closed": "its opening balance was closed with the book's first month, so it cannot be cancelled (correct it with a journal)",
      impaired: "it has been impaired, so it cannot be cancelled (dispose of it, or correct it with a journal)",
      "not-impaired": "the recoverable amount is not below the book value, so there is no impairment",
      "not-depreciated": "an earlier month's depreciation is not posted yet: close that month first",
      account: "an impairment loss is charged to an expense account that is not a control account",
      "no-impairment": "no impairment loss is left to reverse",
      "not-recovered": "the recoverable amount is not above the book value, so there is nothing to reverse",
      unimpaired: "the book value is already what it would have been with no impairment, so nothing more can be reversed",
      "reversal-account": "a reversal is credited to an income or expense account that is not a control account",
      "schedule-ended": "its schedule stopped at the impairment and a month after it has closed, so post the reversal with a journal",
    }[this.reason];
    return `Fixed asset ${this.assetId}: ${why}${aside(this.detailEn ?? this.detail, this.assetId)}.`;
  }
}

/** A budget (RAPB) the book refuses. */
export class BudgetRejected extends Data.TaggedError("BudgetRejected")<{
  readonly year: string;
  readonly reason: "year-closed" | "year" | "account" | "duplicate";
  readonly detail: string;
  /** The detail in English, where its words differ. */
  readonly detailEn?: string | undefined;
}> {
  override get message() {
    const why = {
      "year-closed": "tahun buku sudah ditutup",
      year: "tahun di luar buku ini",
      account: "anggaran hanya untuk akun pendapatan dan beban",
      duplicate: "akun dan unit yang sama dua kali",
    }[this.reason];
    return `Anggaran ${this.year}: ${why}${aside(this.detail, this.year)}.`;
  }
  get messageEn() {
    const why = {
      "year-closed": "the book year is closed",
      year: "the year is outside this book",
      account: "a budget is for income and expense accounts only",
      duplicate: "the same account and unit twice",
    }[this.reason];
    return `Budget ${this.year}: ${why}${aside(this.detailEn ?? this.detail, this.year)}.`;
  }
}

/** A time deposit (simpanan berjangka) command the book refuses. */
export class TimeDepositRejected extends Data.TaggedError("TimeDepositRejected")<{
  readonly depositId: string;
  readonly reason:
    | "unknown-deposit"
    | "deposit-exists"
    | "ended"
    | "penalty"
    | "before-placed"
    | "interest-posted"
    | "matured"
    | "source"
    | "held"
    | "interest-pending"
    | "rollover-terms"
    | "pledge"
    | "pledged"
    | "not-pledged";
  readonly detail: string;
  /** The detail in English, where its words differ. */
  readonly detailEn?: string | undefined;
}> {
  override get message() {
    const why = {
      "unknown-deposit": "simpanan berjangka tidak dikenal",
      "deposit-exists": "nomor bilyet sudah dipakai",
      ended: "simpanan berjangka sudah dicairkan atau jatuh tempo ke sukarela",
      penalty: "penalti pencairan hanya sebelum jatuh tempo, dan paling banyak sebesar pokoknya",
      "before-placed": "tanggal sebelum awal jangka waktunya",
      "interest-posted": "jasa periode sesudah tanggal ini sudah dibukukan",
      matured: "sudah jatuh tempo sebelum buku dimulai (catat sebagai sukarela, atau dengan tanggal perpanjangan terakhir)",
      source: "dana dari sukarela tidak memakai akun kas atau bank",
      held: "anggota masih memiliki simpanan berjangka; cairkan dahulu",
      "interest-pending": "jasa simpanan berjangka anggota ini menunggu tutup bulan",
      "rollover-terms": "suku bunga atau jangka waktu perpanjangan hanya bersama instruksi perpanjang (rollover)",
      pledge: "hanya dapat menjadi agunan pinjaman anggota pemiliknya sendiri",
      pledged: "sedang menjadi agunan pinjaman; lunasi pinjamannya atau lepaskan agunannya dahulu",
      "not-pledged": "tidak sedang menjadi agunan pinjaman",
    }[this.reason];
    return `Simpanan berjangka ${this.depositId}: ${why}${aside(this.detail, this.depositId)}.`;
  }
  get messageEn() {
    const why = {
      "unknown-deposit": "no such time deposit",
      "deposit-exists": "the deposit number is already in use",
      ended: "the deposit has already been withdrawn or paid into sukarela at maturity",
      penalty: "an early-withdrawal penalty applies only before maturity, and at most the principal",
      "before-placed": "the date is before its term began",
      "interest-posted": "the jasa of a period after this date has already been posted",
      matured: "it matured before the book started (enter it as sukarela, or with the date of its latest rollover)",
      source: "a deposit moved from sukarela takes no cash or bank account",
      held: "the member still holds a time deposit; withdraw it first",
      "interest-pending": "this member's time-deposit jasa waits for the month's close",
      "rollover-terms": "a rollover rate or term goes only with the instruction to roll over",
      pledge: "it can secure only a loan of the member who holds it",
      pledged: "it secures a loan; pay the loan off or release the pledge first",
      "not-pledged": "it secures no loan",
    }[this.reason];
    return `Time deposit ${this.depositId}: ${why}${aside(this.detailEn ?? this.detail, this.depositId)}.`;
  }
}

/** Every business rejection a command can meet. */
export type Rejection =
  | InvalidCommand
  | InvalidAmount
  | InvalidConfig
  | BookNotFound
  | BookAlreadyOpened
  | UnknownMember
  | MemberAlreadyRegistered
  | MemberExited
  | InvalidNik
  | DuplicateNik
  | UnknownAccount
  | AccountAlreadyExists
  | AccountNotRemovable
  | ControlAccountNotAllowed
  | UnknownUnit
  | UnbalancedEntry
  | TooManyLines
  | InsufficientBalance
  | DateBeforeBookStart
  | DateInFuture
  | PeriodClosed
  | NotOnBookStart
  | MonthNotClosable
  | MonthNotReopenable
  | IdempotencyConflict
  | NotReversible
  | ResignationBlocked
  | NothingToPay
  | TextTooLong
  | LoanRejected
  | RetailRejected
  | ShuRejected
  | FixedAssetRejected
  | BudgetRejected
  | TimeDepositRejected;

/** The store's head moved since the caller read it: catch up, decide again, retry. */
export class Conflict extends Data.TaggedError("Conflict")<{
  readonly bookId: string;
  readonly expectedSeq: number;
  readonly actualSeq: number;
}> {
  override get message() {
    return `Buku ${this.bookId} berubah bersamaan (diharapkan #${this.expectedSeq}, kini #${this.actualSeq}).`;
  }
  get messageEn() {
    return `Book ${this.bookId} changed concurrently (expected head #${this.expectedSeq}, now #${this.actualSeq}).`;
  }
}

const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message;
  try {
    return typeof cause === "object" ? JSON.stringify(cause) : String(cause);
  } catch {
    return Object.prototype.toString.call(cause);
  }
};

/** A store failed for a reason outside the book (connection, disk). */
export class StoreFailure extends Data.TaggedError("StoreFailure")<{ readonly operation: string; readonly cause: unknown }> {
  override get message() {
    return `Penyimpanan gagal saat ${this.operation}: ${describeCause(this.cause)}`;
  }
  get messageEn() {
    return `The store failed during ${this.operation}: ${describeCause(this.cause)}`;
  }
}

/**
 * The chart of accounts. The default follows SAK EP for koperasi (see docs/accounting.md); a book
 * may add accounts and rename them, and may remove one only while it has never been posted to.
 */

/** Aset, Kewajiban, Ekuitas, Pendapatan, Beban. */
export type AccountKind = "aset" | "kewajiban" | "ekuitas" | "pendapatan" | "beban";
export type NormalSide = "debit" | "credit";
/** What a control account keeps a sub-ledger of. */
export type SubledgerKind = "member" | "loan" | "item" | "supplier" | "customer";

export interface AccountDef {
  readonly code: string;
  readonly name: string;
  readonly kind: AccountKind;
  readonly normalSide: NormalSide;
  /** Present on a control account: its postings carry a sub-ledger key of this kind. */
  readonly subledger?: SubledgerKind;
}

export const ACCOUNT_KINDS: ReadonlyArray<AccountKind> = ["aset", "kewajiban", "ekuitas", "pendapatan", "beban"];
export const SUBLEDGER_KINDS: ReadonlyArray<SubledgerKind> = ["member", "loan", "item", "supplier", "customer"];

export const naturalSide = (kind: AccountKind): NormalSide => (kind === "aset" || kind === "beban" ? "debit" : "credit");

/** Codes the engine posts to by name. A book may rename these accounts but not remove them. */
export const ACCOUNTS = {
  kas: "1101",
  bank: "1102",
  piutangPinjaman: "1201",
  piutangJasaPinjaman: "1202",
  piutangDenda: "1204",
  cadanganKerugianPiutang: "1203",
  piutangUsaha: "1301",
  persediaan: "1401",
  asetTetap: "1501",
  akumulasiPenyusutan: "1502",
  simpananSukarela: "2101",
  simpananBerjangka: "2102",
  utangUsaha: "2201",
  utangPajak: "2301",
  utangJasaSimpanan: "2302",
  utangShuAnggota: "2401",
  danaPengurus: "2501",
  danaKaryawan: "2502",
  danaPendidikan: "2503",
  danaSosial: "2504",
  danaPembangunanDaerahKerja: "2505",
  titipanAnggotaKeluar: "2601",
  rekeningAntarUnit: "2901",
  simpananPokok: "3101",
  simpananWajib: "3102",
  cadangan: "3201",
  hibah: "3301",
  shuTahunBerjalan: "3401",
  shuBelumDibagi: "3402",
  saldoAwal: "3901",
  jasaPinjaman: "4101",
  provisiAdministrasi: "4102",
  denda: "4103",
  penjualanAnggota: "4201",
  penjualanNonAnggota: "4202",
  pendapatanLain: "4901",
  bebanJasaSimpanan: "5101",
  bebanPenyisihanPiutang: "5102",
  hppAnggota: "5201",
  hppNonAnggota: "5202",
  selisihPersediaan: "5203",
  bebanGaji: "5301",
  bebanListrik: "5302",
  bebanSewa: "5303",
  bebanAtk: "5304",
  bebanPenyusutan: "5401",
  pajakPenghasilan: "5501",
} as const;

const account = (
  code: string,
  name: string,
  kind: AccountKind,
  options: { normalSide?: NormalSide; subledger?: SubledgerKind } = {},
): AccountDef => ({
  code,
  name,
  kind,
  normalSide: options.normalSide ?? naturalSide(kind),
  ...(options.subledger === undefined ? {} : { subledger: options.subledger }),
});

const A = ACCOUNTS;

/** The default koperasi chart (DOMAIN.md, SAK EP). */
export const DEFAULT_CHART: ReadonlyArray<AccountDef> = [
  account(A.kas, "Kas", "aset"),
  account(A.bank, "Bank", "aset"),
  account(A.piutangPinjaman, "Piutang Pinjaman Anggota", "aset", { subledger: "loan" }),
  account(A.piutangJasaPinjaman, "Piutang Jasa Pinjaman", "aset", { subledger: "loan" }),
  account(A.cadanganKerugianPiutang, "Cadangan Kerugian Piutang", "aset", { normalSide: "credit" }),
  account(A.piutangDenda, "Piutang Denda Pinjaman", "aset", { subledger: "loan" }),
  account(A.piutangUsaha, "Piutang Usaha", "aset", { subledger: "customer" }),
  account(A.persediaan, "Persediaan Barang Dagangan", "aset", { subledger: "item" }),
  account(A.asetTetap, "Aset Tetap", "aset"),
  account(A.akumulasiPenyusutan, "Akumulasi Penyusutan", "aset", { normalSide: "credit" }),
  account(A.simpananSukarela, "Simpanan Sukarela", "kewajiban", { subledger: "member" }),
  account(A.simpananBerjangka, "Simpanan Berjangka", "kewajiban", { subledger: "member" }),
  account(A.utangUsaha, "Utang Usaha", "kewajiban", { subledger: "supplier" }),
  account(A.utangPajak, "Utang Pajak", "kewajiban"),
  account(A.utangJasaSimpanan, "Utang Jasa Simpanan Berjangka", "kewajiban"),
  account(A.utangShuAnggota, "Utang SHU Anggota", "kewajiban", { subledger: "member" }),
  account(A.danaPengurus, "Dana Pengurus", "kewajiban"),
  account(A.danaKaryawan, "Dana Karyawan", "kewajiban"),
  account(A.danaPendidikan, "Dana Pendidikan", "kewajiban"),
  account(A.danaSosial, "Dana Sosial", "kewajiban"),
  account(A.danaPembangunanDaerahKerja, "Dana Pembangunan Daerah Kerja", "kewajiban"),
  account(A.titipanAnggotaKeluar, "Titipan Anggota Keluar", "kewajiban", { subledger: "member" }),
  account(A.rekeningAntarUnit, "Rekening Antar Unit", "kewajiban"),
  account(A.simpananPokok, "Simpanan Pokok", "ekuitas", { subledger: "member" }),
  account(A.simpananWajib, "Simpanan Wajib", "ekuitas", { subledger: "member" }),
  account(A.cadangan, "Cadangan", "ekuitas"),
  account(A.hibah, "Hibah", "ekuitas"),
  account(A.shuTahunBerjalan, "SHU Tahun Berjalan", "ekuitas"),
  account(A.shuBelumDibagi, "SHU Belum Dibagi", "ekuitas"),
  account(A.saldoAwal, "Penyeimbang Saldo Awal", "ekuitas"),
  account(A.jasaPinjaman, "Pendapatan Jasa Pinjaman", "pendapatan"),
  account(A.provisiAdministrasi, "Pendapatan Provisi dan Administrasi Pinjaman", "pendapatan"),
  account(A.denda, "Pendapatan Denda", "pendapatan"),
  account(A.penjualanAnggota, "Penjualan Sembako Anggota", "pendapatan"),
  account(A.penjualanNonAnggota, "Penjualan Sembako Non-Anggota", "pendapatan"),
  account(A.pendapatanLain, "Pendapatan Lain-lain", "pendapatan"),
  account(A.bebanJasaSimpanan, "Beban Jasa Simpanan", "beban"),
  account(A.bebanPenyisihanPiutang, "Beban Penyisihan Kerugian Piutang", "beban"),
  account(A.hppAnggota, "HPP Sembako Anggota", "beban"),
  account(A.hppNonAnggota, "HPP Sembako Non-Anggota", "beban"),
  account(A.selisihPersediaan, "Selisih Persediaan", "beban"),
  account(A.bebanGaji, "Beban Gaji", "beban"),
  account(A.bebanListrik, "Beban Listrik dan Air", "beban"),
  account(A.bebanSewa, "Beban Sewa", "beban"),
  account(A.bebanAtk, "Beban ATK", "beban"),
  account(A.bebanPenyusutan, "Beban Penyusutan", "beban"),
  account(A.pajakPenghasilan, "Beban Pajak Penghasilan", "beban"),
];

/** Accounts the engine itself posts to: they can be renamed but never removed. */
export const ENGINE_ACCOUNTS: ReadonlySet<string> = new Set(Object.values(ACCOUNTS));

/** Accounts that hold money a payment can come from or go to (the `via` of a deposit or payout). */
export const CASH_ACCOUNTS: ReadonlySet<string> = new Set([A.kas, A.bank]);

/** English names, for `--lang en` renderings. */
export const ACCOUNT_KIND_LABELS: Record<AccountKind, { id: string; en: string }> = {
  aset: { id: "Aset", en: "Assets" },
  kewajiban: { id: "Kewajiban", en: "Liabilities" },
  ekuitas: { id: "Ekuitas", en: "Equity" },
  pendapatan: { id: "Pendapatan", en: "Income" },
  beban: { id: "Beban", en: "Expenses" },
};

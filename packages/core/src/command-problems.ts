/**
 * What is wrong with a command that does not decode, in Indonesian: the words the command schemas use
 * (commands.ts) and Effect Schema's own, which are English. InvalidCommand's `message` and each
 * problem's `messageId` are said with it. A message not listed stays as it is, in English.
 */
const PROBLEMS_ID: ReadonlyArray<readonly [RegExp, (...groups: string[]) => string]> = [
  [/^Missing key$/, () => "wajib diisi"],
  [/^(Expected no excess property|not a field of \w+)$/, () => "bukan isian yang dikenal"],
  [/^Expected a value with a length of at least (\d+)$/, (n) => `paling sedikit ${n}{counted}`],
  [/^Expected a value with a length of at most (\d+)$/, (n) => `paling banyak ${n}{counted}`],
  [/^expected a date YYYY-MM-DD, got (.*)$/, (got) => `harus tanggal TTTT-BB-HH yang ada di kalender (contoh 2026-01-31), bukan ${got}`],
  [/^expected a month YYYY-MM, got (.*)$/, (got) => `harus bulan TTTT-BB (contoh 2026-01), bukan ${got}`],
  [
    /^Expected a code of letters, digits, '\.', '_' or '-', without spaces$/,
    () => "harus kode dari huruf, angka, '.', '_' atau '-', tanpa spasi",
  ],
  [
    /^Expected a rate as a decimal fraction, like 0\.18 for 18%$/,
    () => "harus suku bunga sebagai pecahan desimal, misalnya 0.18 untuk 18%",
  ],
  [/^Expected a fraction from 0 to 1, like 0\.025 for 2\.5%$/, () => "harus pecahan dari 0 sampai 1, misalnya 0.025 untuk 2,5%"],
  [
    /^Expected a quantity like 12 or 12\.5 \(a dot before at most 6 decimals\)$/,
    () => "harus banyaknya barang seperti 12 atau 12.5 (titik, paling banyak 6 angka di belakangnya)",
  ],
  [/^Expected a percent like 25 or 12\.5$/, () => "harus persen seperti 25 atau 12.5"],
  [/^Expected a year YYYY$/, () => "harus tahun TTTT (contoh 2026)"],
  [/^Expected ("[^"]*"(?: \| "[^"]*")*)$/, (choices) => `harus salah satu dari ${choices.replaceAll(" | ", ", ")}`],
  [/^Expected an integer$/, () => "harus bilangan bulat"],
  [/^Expected a value between (-?\d+) and (-?\d+)$/, (low, high) => `harus dari ${low} sampai ${high}`],
  [/^Expected (string|string \| bigint)$/, () => "harus teks"],
  [/^Expected number$/, () => "harus angka"],
  [/^Expected boolean$/, () => "harus true atau false"],
  [/^Expected array$/, () => "harus daftar JSON, seperti [...]"],
  [/^unknown command type (".*")$/, (type) => `jenis perintah ${type} tidak dikenal`],
  [/^the command has no type$/, () => "perintah tidak memiliki type"],
  [/^a command is an object with a type$/, () => "perintah harus objek dengan type"],
];

/**
 * `message` (a command problem's English) in Indonesian. `counted` names what a length counts when
 * the caller knows (" huruf", " baris"); without it a length is a bare number.
 */
export const problemIndonesian = (message: string, counted = ""): string => {
  for (const [pattern, say] of PROBLEMS_ID) {
    const match = pattern.exec(message);
    if (match !== null) return say(...match.slice(1)).replace("{counted}", counted);
  }
  return message;
};

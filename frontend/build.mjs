// Copies the third-party assets we serve ourselves (never from a CDN) into ../static/vendor/,
// and cuts the web font down to the letters Vietnamese and English pages use.
import { cpSync, mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import subsetFont from "subset-font";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static", "vendor");
const modules = join(here, "node_modules");

// [source inside node_modules, destination inside static/vendor]
const copies = [
  ["@fontsource/be-vietnam-pro/400.css", "be-vietnam-pro/400.css"],
  ["@fontsource/be-vietnam-pro/600.css", "be-vietnam-pro/600.css"],
  ["@fontsource/be-vietnam-pro/700.css", "be-vietnam-pro/700.css"],
  ["@fontsource/be-vietnam-pro/files", "be-vietnam-pro/files"],
  ["@fontsource/be-vietnam-pro/LICENSE", "be-vietnam-pro/LICENSE"],
  // TTF for server-side PDFs (badges, certificates): covers every Vietnamese letter.
  ["dejavu-fonts-ttf/ttf/DejaVuSans.ttf", "dejavu/DejaVuSans.ttf"],
  ["dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf", "dejavu/DejaVuSans-Bold.ttf"],
  ["dejavu-fonts-ttf/LICENSE", "dejavu/LICENSE"],
  // Serif TTF for the official letters (giấy mời): Tinos has the metrics of Times New Roman,
  // which Vietnamese administrative documents are set in (Decree 30/2020), and every
  // Vietnamese letter. SIL Open Font License 1.1.
  ["@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf", "tinos/Tinos-Regular.ttf"],
  ["@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf", "tinos/Tinos-Bold.ttf"],
  ["@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf",
   "tinos/Tinos-Italic.ttf"],
  ["@expo-google-fonts/tinos/LICENSE_FONT", "tinos/LICENSE"],
  // QR decoder for the scanner app (Chromium on Linux has no BarcodeDetector).
  ["jsqr/dist/jsQR.js", "jsqr/jsQR.js"],
  ["jsqr/LICENSE", "jsqr/LICENSE"],
];

rmSync(out, { recursive: true, force: true });
for (const [from, to] of copies) {
  const source = join(modules, from);
  if (!existsSync(source)) {
    console.error(`missing ${source}: run npm ci first`);
    process.exit(1);
  }
  mkdirSync(dirname(join(out, to)), { recursive: true });
  // Only the weights and subsets the site uses: Vietnamese, Latin and Latin Extended.
  const wanted = (path) =>
    !path.includes("/files/") ||
    /(vietnamese|latin|latin-ext)-(400|600|700)-normal\.woff2?$/.test(path) ||
    path.endsWith("/files");
  cpSync(source, join(out, to), { recursive: true, filter: wanted });
}
// --- Be Vietnam Pro, subset for Vietnamese ---------------------------------------------------
// One WOFF2 per weight holding every glyph a Vietnamese (or English) page needs, made here from
// the full TTFs of the Google Fonts release (npm @expo-google-fonts/be-vietnam-pro). A phone then
// fetches three small files, which base.html preloads, instead of a Latin and a Vietnamese subset
// per weight. Fontsource's Latin and Latin Extended faces stay declared before ours for rarer
// letters (German, Polish, Turkish names...): where unicode-ranges overlap the face declared last
// wins, so the browser fetches those only for a letter our subset lacks.
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const vietnamese = [
  ...range(0x20, 0x7e), // ASCII
  0xa0, 0xa9, 0xab, 0xb0, 0xb7, 0xbb, 0xd7,
  ...[..."ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"].map((c) => c.codePointAt(0)),
  0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1a0, 0x1a1, 0x1af, 0x1b0,
  0x300, 0x301, 0x303, 0x309, 0x323, // combining tones, for text typed decomposed
  ...range(0x1ea0, 0x1ef9), // Vietnamese letters with tone marks
  0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2026, 0x20ab, 0x2190, 0x2192,
];
const hex = (n) => n.toString(16).toUpperCase().padStart(4, "0");
function unicodeRange(points) {
  const sorted = [...new Set(points)].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `U+${hex(sorted[i])}` : `U+${hex(sorted[i])}-${hex(sorted[j])}`);
    i = j + 1;
  }
  return parts.join(",");
}
const text = String.fromCodePoint(...vietnamese);
const full = join(modules, "@expo-google-fonts", "be-vietnam-pro");
const fontOut = join(out, "be-vietnam-pro");
const faces = [];
for (const [weight, name] of [[400, "400Regular"], [600, "600SemiBold"], [700, "700Bold"]]) {
  const source = join(full, name, `BeVietnamPro_${name}.ttf`);
  const woff2 = await subsetFont(readFileSync(source), text, { targetFormat: "woff2" });
  const file = `be-vietnam-pro-vi-${weight}.woff2`;
  writeFileSync(join(fontOut, file), woff2);
  const fontsource = readFileSync(join(modules, "@fontsource/be-vietnam-pro", `${weight}.css`), "utf8");
  for (const subset of ["latin-ext", "latin"]) {
    const block = fontsource.split("/* ")
      .find((b) => b.startsWith(`be-vietnam-pro-${subset}-${weight}-normal`));
    faces.push(`/* ${block.trim().replace(/url\(\.\/files\//g, "url(files/")}`);
  }
  faces.push(`@font-face {
  font-family: 'Be Vietnam Pro';
  font-style: normal;
  font-display: swap;
  font-weight: ${weight};
  src: url(${file}) format('woff2');
  unicode-range: ${unicodeRange(vietnamese)};
}`);
  console.log(`${file}: ${woff2.length} bytes`);
}
writeFileSync(join(fontOut, "fonts.css"), faces.join("\n\n") + "\n");
cpSync(join(full, "LICENSE_FONT"), join(fontOut, "OFL.txt"));
console.log(`vendor assets copied to ${out}`);

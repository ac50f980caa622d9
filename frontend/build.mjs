// Copies the third-party assets we serve ourselves (never from a CDN) into ../static/vendor/.
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
console.log(`vendor assets copied to ${out}`);

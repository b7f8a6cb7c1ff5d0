/** Photographs the `.pane` of a Slack-like page with headless Chromium (used for the pictures in docs/). */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

export async function photographPane(html: string, target: string, executablePath: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 1100 }, deviceScaleFactor: 1 });
    await page.setContent(html, { waitUntil: 'load' });
    // The pane only, so the picture has no empty page below it.
    await page.locator('.pane').screenshot({ path: target });
  } finally {
    await browser.close();
  }
  process.stdout.write(`Wrote ${path.relative(process.cwd(), target)}.\n`);
}

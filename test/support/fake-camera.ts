/**
 * A camera for headless Chromium: a Y4M video (what
 * --use-file-for-fake-video-capture plays, looped) of a QR code held still
 * in the middle of the frame, as a phone would see an attendee's screen.
 */
import { writeFileSync } from 'node:fs';
import { encode } from 'uqr';

const WIDTH = 640;
const HEIGHT = 480;
/** Pixels per QR module: the code fills about half of the frame's height. */
const SCALE = 8;

/** Writes the video of `text` as a QR code to `file`. */
export function writeQrVideo(file: string, text: string, frames = 5): void {
  const { data } = encode(text, { ecc: 'M', border: 4 });
  const size = data.length * SCALE;
  const left = (WIDTH - size) >> 1;
  const top = (HEIGHT - size) >> 1;
  // Luma only (4:2:0, neutral chroma): light paper, dark modules.
  const y = Buffer.alloc(WIDTH * HEIGHT, 235);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) if (data[Math.floor(row / SCALE)]![Math.floor(col / SCALE)]) y[(top + row) * WIDTH + left + col] = 16;
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: frames }, () => frame)]));
}

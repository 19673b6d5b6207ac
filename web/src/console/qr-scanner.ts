/**
 * Reading check-in QR codes from the phone's camera. The browser's own
 * BarcodeDetector where it has one (Android Chrome, Safari 17+); elsewhere
 * jsQR (a small pure-JS decoder, loaded only when the camera starts). The
 * same code seen again within a few seconds is read once: a code held in
 * front of the camera is in every frame.
 */

export interface Scanner {
  stop(): void;
}

interface Detector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}

const FRAME_MS = 150;
const SAME_CODE_MS = 3_000;

async function decoderFor(): Promise<(canvas: HTMLCanvasElement) => Promise<string | undefined>> {
  const Native = (globalThis as { BarcodeDetector?: { new (options: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> } }).BarcodeDetector;
  if (Native && (await Native.getSupportedFormats()).includes('qr_code')) {
    const detector = new Native({ formats: ['qr_code'] });
    return async (canvas) => (await detector.detect(canvas))[0]?.rawValue;
  }
  const { default: jsQR } = await import('jsqr');
  return async (canvas) => {
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(data, width, height, { inversionAttempts: 'dontInvert' })?.data || undefined;
  };
}

/** Starts the back camera into `video` and calls `onCode` for each code read; rejects when there is no camera or no permission. */
export async function startScanner(video: HTMLVideoElement, onCode: (text: string) => void): Promise<Scanner> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  const decode = await decoderFor();
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const canvas = document.createElement('canvas');
  let last = { text: '', at: 0 };
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    if (video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d', { willReadFrequently: true })!.drawImage(video, 0, 0);
      const text = await decode(canvas).catch(() => undefined);
      const now = performance.now();
      if (text && (text !== last.text || now - last.at > SAME_CODE_MS)) onCode(text);
      if (text) last = { text, at: now };
    }
    if (!stopped) setTimeout(() => void tick(), FRAME_MS);
  };
  void tick();
  return {
    stop() {
      stopped = true;
      stream.getTracks().forEach((track) => track.stop());
      video.srcObject = null;
      video.hidden = true;
    },
  };
}

/**
 * One photo slot (selfie, ID front, ID back): the camera through getUserMedia when there is one,
 * a file upload otherwise (or by choice), a preview, and retake. Frames are captured at the
 * camera's resolution as JPEG; nothing leaves the page until the form is submitted.
 *
 * The slot remembers where its photo came from (`camera`: a frame of the live stream; `file`: the
 * file picker), so the page declares it truthfully (providers/contract.ts SelfieSource).
 */
export type PhotoSource = 'camera' | 'file';

export class CaptureSlot {
  private blob: Blob | null = null;
  private origin: PhotoSource | null = null;
  private uploadsRefused = false;
  private stream: MediaStream | null = null;
  private previewUrl: string | null = null;
  private readonly video: HTMLVideoElement;
  private readonly img: HTMLImageElement;
  private readonly file: HTMLInputElement;
  private readonly buttons: Record<'camera' | 'shoot' | 'retake', HTMLButtonElement>;
  private readonly message: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly facing: 'user' | 'environment',
    private readonly onChange: () => void,
  ) {
    const q = <T extends Element>(selector: string) => root.querySelector(selector) as T;
    this.video = q('video');
    this.img = q('img');
    this.file = q('input[type=file]');
    this.message = q('.slot-message');
    this.buttons = { camera: q('[data-action=camera]'), shoot: q('[data-action=shoot]'), retake: q('[data-action=retake]') };
    this.buttons.camera.hidden = !navigator.mediaDevices?.getUserMedia;
    this.buttons.camera.addEventListener('click', () => void this.startCamera());
    this.buttons.shoot.addEventListener('click', () => void this.shoot());
    this.buttons.retake.addEventListener('click', () => this.retake());
    this.file.addEventListener('change', () => this.chooseFile());
  }

  get photo(): Blob | null {
    return this.blob;
  }

  /** Where the current photo came from; null when there is none. */
  get source(): PhotoSource | null {
    return this.origin;
  }

  /** The service refuses uploaded photos for this slot: offer the camera only, and say why. */
  refuseUploads(message: string): void {
    this.uploadsRefused = true;
    const label = this.file.closest('label');
    if (label) label.hidden = true;
    this.retake();
    this.message.textContent = message;
    if (!this.buttons.camera.hidden) this.buttons.camera.focus();
  }

  private async startCamera(): Promise<void> {
    this.message.textContent = '';
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: this.facing, width: { ideal: 1280 } }, audio: false });
    } catch {
      this.message.textContent = this.uploadsRefused
        ? 'The camera is not available. Allow this page to use the camera, continue on a phone, or contact your help desk.'
        : 'The camera is not available. Upload a photo instead.';
      if (!this.uploadsRefused) this.file.focus();
      return;
    }
    this.video.srcObject = this.stream;
    this.video.hidden = false;
    await this.video.play().catch(() => undefined);
    this.buttons.camera.hidden = true;
    this.buttons.shoot.hidden = false;
    this.buttons.shoot.focus();
  }

  private async shoot(): Promise<void> {
    const canvas = document.createElement('canvas');
    canvas.width = this.video.videoWidth;
    canvas.height = this.video.videoHeight;
    canvas.getContext('2d')?.drawImage(this.video, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
    this.stopCamera();
    if (!blob) {
      this.message.textContent = 'The photo could not be taken. Try again or upload a photo.';
      return;
    }
    this.set(blob, 'camera');
  }

  private chooseFile(): void {
    const chosen = this.file.files?.[0];
    if (chosen) {
      this.stopCamera();
      this.set(chosen, 'file');
    }
  }

  private set(blob: Blob, origin: PhotoSource): void {
    this.blob = blob;
    this.origin = origin;
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = URL.createObjectURL(blob);
    this.img.src = this.previewUrl;
    this.img.hidden = false;
    this.buttons.retake.hidden = false;
    this.buttons.camera.hidden = true;
    this.buttons.shoot.hidden = true;
    this.root.dataset.filled = 'true';
    this.message.textContent = 'Photo ready. Check that it is sharp and well lit, or retake it.';
    this.onChange();
  }

  retake(): void {
    this.blob = null;
    this.origin = null;
    this.file.value = '';
    this.img.hidden = true;
    this.img.removeAttribute('src');
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = null;
    this.buttons.retake.hidden = true;
    this.buttons.camera.hidden = !navigator.mediaDevices?.getUserMedia;
    delete this.root.dataset.filled;
    this.message.textContent = '';
    this.onChange();
  }

  stopCamera(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.video.srcObject = null;
    this.video.hidden = true;
    this.buttons.shoot.hidden = true;
  }
}

import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { ErrorMessage } from '../ui.tsx';

GlobalWorkerOptions.workerSrc = '/assets/pdf.worker.min.mjs';

/** The report's pages drawn by pdf.js, each a canvas with its page number as its accessible name. */
export function Preview(props: { load(): Promise<Blob>; version: number; onClose(): void }) {
  const { t } = useT();
  const container = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [pages, setPages] = useState<number>();
  const [error, setError] = useState<unknown>();
  const [drawn, setDrawn] = useState(false);

  useEffect(() => {
    let cancelled = false;
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView({ block: 'start' });
    void (async () => {
      try {
        const data = new Uint8Array(await (await props.load()).arrayBuffer());
        const pdf = await getDocument({ data, isEvalSupported: false }).promise;
        if (cancelled) return;
        setPages(pdf.numPages);
        const width = Math.min(container.current?.clientWidth ?? 800, 900);
        for (let n = 1; n <= pdf.numPages && !cancelled; n++) {
          const page = await pdf.getPage(n);
          const base = page.getViewport({ scale: 1 });
          const scale = width / base.width;
          const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
          const canvas = document.createElement('canvas');
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.style.width = `${Math.floor(base.width * scale)}px`;
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', t.previewPage(n, pdf.numPages));
          container.current?.appendChild(canvas);
          await page.render({ canvas, viewport }).promise;
        }
        await pdf.destroy();
        if (!cancelled) setDrawn(true);
      } catch (e) {
        if (!cancelled) setError(e);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [props.version]);

  return (
    <section class="preview" aria-labelledby="preview-title">
      <div class="preview-head">
        <h2 id="preview-title" tabIndex={-1} ref={heading}>
          {t.previewTitle(props.version)}
        </h2>
        <button type="button" onClick={props.onClose}>
          {t.closePreview}
        </button>
      </div>
      <ErrorMessage error={error} />
      {pages === undefined && !error && <p role="status">{t.previewLoading}</p>}
      {pages !== undefined && <p class="muted">{t.previewPages(pages)}</p>}
      <div class="pages" ref={container} data-testid="preview-pages" aria-busy={drawn ? 'false' : 'true'} />
    </section>
  );
}

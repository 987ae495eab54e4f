import { describeError } from '../../api/problem.js';
import type { Citation } from '../../api/types.js';
import { useServices } from '../../services.js';

/**
 * The files a reply drew on, each a link to its download. The href is the files page (what a
 * middle-click or a copied link opens); a click fetches a fresh presigned link and opens the
 * file at the cited page (PDF viewers honour `#page=`).
 */
export function Citations({ citations }: { citations: readonly Citation[] }) {
  const { api, notices } = useServices();
  const open = async (event: MouseEvent, citation: Citation) => {
    event.preventDefault();
    // Opened before the await, so the browser counts it as the user's click (no popup block).
    const tab = window.open('', '_blank');
    try {
      const { url } = await api.downloadLink(citation.fileId);
      const target = citation.page ? `${url}#page=${citation.page}` : url;
      if (tab) {
        tab.opener = null;
        tab.location.href = target;
      } else window.location.assign(target);
    } catch (e) {
      tab?.close();
      notices.show({ kind: 'error', title: `Could not open ${citation.filename}`, body: describeError(e) }, 8_000);
    }
  };
  return (
    <p class="citations" data-testid="citations">
      <span class="citations__label">Sources:</span>
      {citations.map((c) => (
        <a key={`${c.fileId}-${c.page ?? 0}`} class="citation" href="/uploads" data-file-id={c.fileId} onClick={(e) => void open(e, c)}>
          {c.filename}
          {c.page ? `, page ${c.page}` : ''}
        </a>
      ))}
    </p>
  );
}

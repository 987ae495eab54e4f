import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, describeError } from '../api/problem.js';
import type { StoredFile } from '../api/types.js';
import { Alert } from '../components/field.js';
import { UploadIcon } from '../components/icons.js';
import { formatBytes, formatDateTime } from '../lib/format.js';
import { uploadFile, UploadError } from '../lib/upload.js';
import { useServices } from '../services.js';

interface Upload {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  loaded: number;
  state: 'signing' | 'uploading' | 'confirming' | 'done' | 'failed' | 'cancelled';
  error?: string;
  controller: AbortController;
}

const STATE_TEXT: Record<Upload['state'], string> = {
  signing: 'Preparing…',
  uploading: 'Uploading',
  confirming: 'Finishing…',
  done: 'Uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** What the assistant made of a file, as its owner reads it. */
function ReadingStatus({ file, progress }: { file: StoredFile; progress: number | undefined }) {
  if (file.status !== 'uploaded' || !file.indexStatus) return <span class="muted">–</span>;
  switch (file.indexStatus) {
    case 'pending':
      return (
        <span class="reading reading--pending" data-testid="index-status">
          Reading…{progress !== undefined && ` ${Math.round(progress * 100)}%`}
        </span>
      );
    case 'indexed':
      return (
        <span class="reading reading--indexed" data-testid="index-status" title={file.indexError}>
          Read{file.indexError ? ' (in part)' : ''}
        </span>
      );
    case 'unsupported':
    case 'failed':
      return (
        <span class={`reading reading--${file.indexStatus}`} data-testid="index-status">
          {file.indexStatus === 'failed' ? 'Could not read' : 'Not readable'}
          {file.indexError && <span class="reading__why">{file.indexError}</span>}
        </span>
      );
  }
}

export function FilesPage() {
  const { api, account, notices, socket } = useServices();
  const [reading, setReading] = useState<Readonly<Record<string, number>>>({});
  const [files, setFiles] = useState<readonly StoredFile[]>();
  const [listError, setListError] = useState<string>();
  const [uploads, setUploads] = useState<readonly Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const timeZone = account.store.value.profile?.timezone;

  const reload = useCallback(() => {
    api.files().then(
      (list) => {
        setFiles([...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
        setListError(undefined);
      },
      (e: unknown) => setListError(describeError(e)),
    );
  }, [api]);
  useEffect(reload, [reload]);

  // The assistant reads each upload in the background: progress and the outcome arrive live.
  useEffect(() => {
    const offProgress = socket.on('file.indexing', (data) => setReading((all) => ({ ...all, [data.fileId]: data.progress })));
    const offIndexed = socket.on('file.indexed', (data) => {
      setFiles((all) =>
        all?.map((f) =>
          f.fileId === data.fileId
            ? {
                ...f,
                indexStatus: data.status,
                ...(data.error ? { indexError: data.error } : { indexError: undefined }),
                ...(data.chunks !== undefined ? { indexedChunks: data.chunks } : {}),
              }
            : f,
        ),
      );
      setReading(({ [data.fileId]: _, ...rest }) => rest);
      const name = files?.find((f) => f.fileId === data.fileId)?.filename ?? 'A file';
      setAnnouncement(data.status === 'indexed' ? `${name} is ready for the assistant.` : `The assistant could not read ${name}.`);
    });
    const offReconnect = socket.onReconnect(reload);
    return () => {
      offProgress();
      offIndexed();
      offReconnect();
    };
  }, [socket, reload, files]);

  const patch = (id: string, change: Partial<Upload>) => setUploads((all) => all.map((u) => (u.id === id ? { ...u, ...change } : u)));

  const uploadOne = async (file: File) => {
    const upload: Upload = {
      id: crypto.randomUUID(),
      name: file.name,
      size: file.size,
      loaded: 0,
      state: 'signing',
      controller: new AbortController(),
    };
    setUploads((all) => [upload, ...all]);
    try {
      await uploadFile(
        api,
        file,
        (loaded) => patch(upload.id, loaded >= file.size ? { state: 'confirming', loaded } : { state: 'uploading', loaded }),
        upload.controller.signal,
      );
      patch(upload.id, { state: 'done', loaded: file.size });
      setAnnouncement(`${file.name} uploaded.`);
      reload();
    } catch (e) {
      const cancelled = upload.controller.signal.aborted;
      const message = e instanceof UploadError || e instanceof ApiError ? e.message : describeError(e);
      patch(upload.id, { state: cancelled ? 'cancelled' : 'failed', ...(cancelled ? {} : { error: message }) });
      if (!cancelled) setAnnouncement(`${file.name} was not uploaded: ${message}`);
    }
  };

  const accept = (list: FileList | null) => {
    if (!list) return;
    for (const file of Array.from(list)) void uploadOne(file);
  };

  const download = async (file: StoredFile) => {
    try {
      const { url } = await api.downloadLink(file.fileId);
      // A presigned link to the object store: let the browser fetch it as a download.
      const link = document.createElement('a');
      link.href = url;
      link.download = file.filename;
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
    } catch (e) {
      notices.show({ kind: 'error', title: `Could not download ${file.filename}`, body: describeError(e) }, 8_000);
    }
  };

  const remove = async (file: StoredFile) => {
    if (!window.confirm(`Delete ${file.filename}? This cannot be undone.`)) return;
    try {
      await api.deleteFile(file.fileId);
      setFiles((all) => all?.filter((f) => f.fileId !== file.fileId));
      setAnnouncement(`${file.filename} deleted.`);
    } catch (e) {
      notices.show({ kind: 'error', title: `Could not delete ${file.filename}`, body: describeError(e) }, 8_000);
    }
  };

  const plan = account.planOf(account.store.value.profile?.membership.tier);
  return (
    <>
      <div class="page__head">
        <h1 id="page-title" tabIndex={-1}>
          Files
        </h1>
        <p class="page__lead">
          Upload straight to secure storage; download or delete any time. The assistant reads PDF, Word, text, Markdown and CSV files to
          answer your questions.
        </p>
      </div>
      <p class="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      <section class="card" aria-labelledby="upload-title">
        <h2 id="upload-title">Upload</h2>
        <div
          class={`dropzone${dragging ? ' dropzone--active' : ''}`}
          data-testid="dropzone"
          onDragEnter={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
          }}
          onDragLeave={(e) => {
            if (e.currentTarget === e.target) setDragging(false);
          }}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            accept(e.dataTransfer?.files ?? null);
          }}
        >
          <span class="dropzone__icon" aria-hidden="true">
            <UploadIcon size={36} />
          </span>
          <p class="dropzone__text">Drag files here, or</p>
          <button type="button" class="button button--primary" onClick={() => input.current?.click()}>
            Choose files
          </button>
          <input
            ref={input}
            id="file-input"
            class="sr-only"
            type="file"
            multiple
            tabIndex={-1}
            aria-label="Files to upload"
            onChange={(e) => {
              accept(e.currentTarget.files);
              e.currentTarget.value = '';
            }}
          />
          {plan && <p class="dropzone__hint">Up to {formatBytes(plan.limits.maxFileSizeBytes)} per file on your plan.</p>}
        </div>
        {uploads.length > 0 && (
          <ul class="uploads" aria-label="Uploads">
            {uploads.map((u) => (
              <li key={u.id} class={`upload upload--${u.state}`}>
                <div class="upload__head">
                  <span class="upload__name">{u.name}</span>
                  <span class="upload__state">
                    {STATE_TEXT[u.state]}
                    {u.state === 'uploading' && ` ${Math.round((u.loaded / Math.max(u.size, 1)) * 100)}%`}
                  </span>
                </div>
                <progress
                  class="upload__bar"
                  max={Math.max(u.size, 1)}
                  value={u.state === 'done' || u.state === 'confirming' ? Math.max(u.size, 1) : u.loaded}
                  aria-label={`Upload of ${u.name}`}
                />
                {u.error && <p class="upload__error">{u.error}</p>}
                {(u.state === 'signing' || u.state === 'uploading') && (
                  <button type="button" class="button button--quiet button--small" onClick={() => u.controller.abort()}>
                    Cancel<span class="sr-only"> upload of {u.name}</span>
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="files-title">
        <h2 id="files-title">Your files</h2>
        {listError && <Alert kind="error">{listError}</Alert>}
        {!files && !listError && <p class="muted">Loading…</p>}
        {files && files.length === 0 && <p class="muted">No files yet. Upload one above.</p>}
        {files && files.length > 0 && (
          <div class="table-wrap">
            <table class="files">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Size</th>
                  <th scope="col" class="files__type">
                    Type
                  </th>
                  <th scope="col">Added</th>
                  <th scope="col">Assistant</th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {files.map((f) => (
                  <tr key={f.fileId}>
                    <th scope="row" class="files__name">
                      {f.filename}
                    </th>
                    <td>{formatBytes(f.size)}</td>
                    <td class="files__type">{f.contentType}</td>
                    <td>{formatDateTime(f.createdAt, timeZone)}</td>
                    <td>
                      <ReadingStatus file={f} progress={reading[f.fileId]} />
                    </td>
                    <td>
                      <div class="files__actions">
                        {f.status === 'pending' ? (
                          <span class="muted">Upload not finished</span>
                        ) : (
                          <button type="button" class="button button--small" onClick={() => void download(f)}>
                            Download<span class="sr-only"> {f.filename}</span>
                          </button>
                        )}
                        <button type="button" class="button button--small button--danger" onClick={() => void remove(f)}>
                          Delete<span class="sr-only"> {f.filename}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

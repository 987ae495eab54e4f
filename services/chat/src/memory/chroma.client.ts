import { ChromaClient } from 'chromadb';

export function createChroma(url: string): ChromaClient {
  const parsed = new URL(url);
  return new ChromaClient({
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
    ssl: parsed.protocol === 'https:',
  });
}

export const chromaCheck = (chroma: ChromaClient) => () => chroma.heartbeat();

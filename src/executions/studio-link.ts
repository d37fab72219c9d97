/**
 * Deep links to an execution in Mixpeek Studio, from the MIXPEEK_STUDIO_URL template
 * (e.g. `https://studio.mixpeek.com/{namespace}/retrievers/{retriever}/executions/{execution}`).
 */
export interface StudioLinkTarget {
  namespace: string;
  retriever: string;
  execution: string;
}

export function studioLink(template: string | undefined, target: StudioLinkTarget): string | undefined {
  if (!template) return undefined;
  return template
    .replaceAll("{namespace}", encodeURIComponent(target.namespace))
    .replaceAll("{retriever}", encodeURIComponent(target.retriever))
    .replaceAll("{execution}", encodeURIComponent(target.execution));
}

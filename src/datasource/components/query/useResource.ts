import { useEffect, useState } from 'react';

import { resourceErrorMessage, type ResourceClient } from '../../resources/types';

export interface ResourceState<T> {
  value?: T;
  error?: string;
  loading: boolean;
}

/** A backend list for a picker, read once per path and parameters. */
export function useResource<T>(
  resources: ResourceClient,
  path: string,
  params?: Record<string, string>
): ResourceState<T> {
  const key = `${path}?${new URLSearchParams(params).toString()}`;
  const [answered, setAnswered] = useState<{ key: string; value?: T; error?: string }>();

  useEffect(() => {
    let current = true;
    resources
      .get<T>(path, params)
      .then((value) => current && setAnswered({ key, value }))
      .catch((error: unknown) => current && setAnswered({ key, error: resourceErrorMessage(error) }));
    return () => {
      current = false;
    };
    // The key stands for path and params.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, resources]);

  if (answered?.key !== key) {
    return { loading: true };
  }
  return { value: answered.value, error: answered.error, loading: false };
}

import { QueryClient } from '@tanstack/react-query';

/**
 * The page's one React Query client: the server's data (twins, add-ons, events, the host
 * console's polling) and wagmi's wallet state share it. A failed request is shown at once rather
 * than retried behind the visitor's back (the consoles poll anyway), and coming back to the tab
 * asks nothing again: what polls, polls.
 */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

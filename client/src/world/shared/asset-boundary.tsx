import { Component, type ReactNode } from 'react';

/** Props of {@link AssetBoundary}. */
export interface AssetBoundaryProps {
  children: ReactNode;
  /** Shown instead of the children when they fail to load. */
  fallback?: ReactNode;
  /** Called with what failed (a zone shows its fallback room and a "Try again"; a car is just left out). */
  onError?: (error: unknown) => void;
}

/**
 * Keeps a failed model or manifest from taking the whole world down: the hall
 * stays, the missing piece is left out (or replaced by `fallback`), and the console says why.
 * Remount it (a new `key`) to try its children again.
 */
export class AssetBoundary extends Component<AssetBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error instanceof Error ? error.message : error);
    this.props.onError?.(error);
  }

  override render(): ReactNode {
    return this.state.failed ? (this.props.fallback ?? null) : this.props.children;
  }
}

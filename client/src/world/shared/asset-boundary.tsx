import { Component, type ReactNode } from 'react';

/** Props of {@link AssetBoundary}. */
export interface AssetBoundaryProps {
  children: ReactNode;
  /** Shown instead of the children when they fail to load. */
  fallback?: ReactNode;
}

/**
 * Keeps a failed model or manifest from taking the whole world down: the hall
 * stays, the missing piece is left out, and the console says why.
 */
export class AssetBoundary extends Component<AssetBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error instanceof Error ? error.message : error);
  }

  override render(): ReactNode {
    return this.state.failed ? (this.props.fallback ?? null) : this.props.children;
  }
}

import type { ErasureView, PersonalDataSourceView, Preferences, ProfileView } from '../../../protocol/src/privacy-api';
import { request, requestBlob } from '../net/api';

/** What the privacy page shows of what stays after an erasure. */
export interface RetainedView {
  table: string;
  columns: string[];
  why: string;
}

/** The privacy and profile routes, as the pages call them. */
export const privacyClient = {
  sources: () => request<{ sources: PersonalDataSourceView[]; retained: RetainedView[] }>('/api/privacy/sources'),
  profile: (token: string) => request<ProfileView>('/api/profile', { token }),
  savePreferences: (token: string, preferences: Preferences) =>
    request<ProfileView>('/api/profile/preferences', { token, method: 'PUT', body: preferences }),
  exportAll: (token: string) => requestBlob('/api/privacy/export', { token }),
  erase: (token: string) => request<ErasureView>('/api/privacy/erase', { token, method: 'POST', body: { confirm: 'ERASE' } }),
  forgetDevice: (device: string) => request<{ erased: number }>('/api/privacy/forget-device', { method: 'POST', body: { device } }),
};

/** Offers `blob` to the person as a file download. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

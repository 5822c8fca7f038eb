import { comfort } from '../world/xr/comfort-settings';
import { ProfilePreferences } from './profile-preferences';

/** The page's one profile-preferences store (the i18n layer reads `profilePreferences.language`). */
export const profilePreferences = new ProfilePreferences(comfort);

/** A build's short id, apart from the builds' schemas (a shared link is read as the page starts). */

/** A build's short id: 10 characters of an alphabet without look-alikes. */
export const BUILD_ID_PATTERN = /^[23456789abcdefghjkmnpqrstuvwxyz]{10}$/;
export const BUILD_ID_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const BUILD_ID_LENGTH = 10;

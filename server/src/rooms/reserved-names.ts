/**
 * Names only Marque's staff may carry, so nobody passes for the brand or a moderator in a room or
 * on a question. A name is compared by its skeleton: accents stripped, lower case, look-alike
 * letters of other scripts and digits folded to the Latin letters they imitate. Words that often
 * sit inside ordinary names ("host" in "Ghost", "mod" in "Modena") are matched as whole words;
 * the others anywhere in the name, spaces and punctuation ignored ("M a r q u e", "St4ff").
 */

/** Reserved anywhere in a name's skeleton. */
const RESERVED_ANYWHERE = ['staff', 'admin', 'moderator', 'official', 'marqueteam', 'teammarque'] as const;
/** Reserved as a whole word of the name (split at spaces, punctuation and case changes). */
const RESERVED_WORDS = ['marque', 'host', 'cohost', 'mod', 'mods', 'support', 'system', 'server'] as const;

/** Capitals of other scripts that pass for Latin capitals (their small letters may look otherwise: Η is H, η is n). */
const CAPITAL_LOOK_ALIKES: Record<string, string> = {
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'i', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y', Χ: 'x',
  А: 'a', В: 'b', Е: 'e', К: 'k', М: 'm', Н: 'h', О: 'o', Р: 'p', С: 'c', Т: 't', Х: 'x', У: 'y', Ѕ: 's', І: 'i', Ј: 'j',
};

/** Small letters of other scripts (Cyrillic, Greek, IPA) and digits that pass for Latin letters. */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ɑ: 'a', ɡ: 'g', ɩ: 'i', ο: 'o',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', μ: 'm', ν: 'v', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  ı: 'i', ł: 'l', ø: 'o', đ: 'd', ß: 'ss',
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', '$': 's', '!': 'i', '|': 'l',
};

/** A name folded for comparison: compatibility forms, no accents, lower case, look-alikes replaced. */
export function nameSkeleton(name: string): string {
  let plain = '';
  for (const char of name.normalize('NFKD').replace(/\p{M}/gu, '')) plain += CAPITAL_LOOK_ALIKES[char] ?? char;
  let out = '';
  for (const char of plain.toLowerCase()) out += LOOK_ALIKES[char] ?? char;
  // "rn" reads as "m" at a glance.
  return out.replace(/rn/g, 'm');
}

/** The reserved word a name imitates, or undefined when it may be used by anyone. */
export function reservedWordIn(name: string): string | undefined {
  const squeezed = nameSkeleton(name).replace(/[^\p{L}\p{N}]/gu, '');
  // Also try "l" for "i" (and back): "Adrnln", "HosT" in a font where I and l look alike.
  const variants = new Set([squeezed, squeezed.replace(/l/g, 'i'), squeezed.replace(/i/g, 'l')]);
  for (const variant of variants) {
    const found = RESERVED_ANYWHERE.find((word) => variant.includes(word));
    if (found) return found;
  }
  const words = name
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => nameSkeleton(word));
  for (const word of words) {
    for (const variant of [word, word.replace(/l/g, 'i'), word.replace(/i/g, 'l')]) {
      const found = RESERVED_WORDS.find((reserved) => variant === reserved);
      if (found) return found;
    }
  }
  // The whole name squeezed, for words split by spaces or dots ("H o s t", "M.a.r.q.u.e").
  return RESERVED_WORDS.find((reserved) => variants.has(reserved));
}

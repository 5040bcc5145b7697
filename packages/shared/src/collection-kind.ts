/**
 * The kinds of collection: a member's needs (🔆 monthly, 🆘 emergency), and the kinds of their own
 * (DOMAIN.md): an initiative 🎯 and a pool claim 🛟. Only a monthly collection lives by the period.
 */
export const collectionKinds = ["monthly", "emergency", "initiative", "claim"] as const;
export type CollectionKind = (typeof collectionKinds)[number];

/** As many colours as Telegram gives avatars without a photo; styles.css draws each. */
const COLOURS = 7;

/**
 * A member's photo, or the first letter of their name on a colour of their own: picked from the
 * member's id, so the same person has the same colour on every screen and neighbours in a list differ.
 */
export function Avatar({
  id,
  name,
  photoUrl,
  size = "small",
}: {
  id: number;
  name: string;
  photoUrl: string | null;
  size?: "small" | "large";
}) {
  const className = size === "large" ? "avatar" : "avatar avatar-small";
  if (photoUrl?.startsWith("https://")) {
    // Rows of a list wait until scrolled to; a page's own large avatar is at its top.
    return (
      <img
        className={className}
        src={photoUrl}
        alt=""
        loading={size === "small" ? "lazy" : undefined}
      />
    );
  }
  return (
    <span className={className} data-colour={Math.abs(id) % COLOURS} aria-hidden="true">
      {name.slice(0, 1).toUpperCase() || "?"}
    </span>
  );
}

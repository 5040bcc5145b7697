/** A member's photo, or the first letter of their name on the accent colour. */
export function Avatar({
  name,
  photoUrl,
  size = "small",
}: {
  name: string;
  photoUrl: string | null;
  size?: "small" | "large";
}) {
  const className = size === "large" ? "avatar" : "avatar avatar-small";
  if (photoUrl?.startsWith("https://")) {
    return <img className={className} src={photoUrl} alt="" loading="lazy" />;
  }
  return (
    <span className={className} aria-hidden="true">
      {name.slice(0, 1).toUpperCase() || "?"}
    </span>
  );
}

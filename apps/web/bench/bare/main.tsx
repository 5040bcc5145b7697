/**
 * The yardstick of `pnpm bench:web`: a bare Vite React page with one button, built by the same Vite
 * with the same React as the Mini App, so the difference is what the Mini App adds.
 */
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";

function App() {
  const [count, setCount] = useState(0);
  return (
    <button type="button" data-testid="bare-button" onClick={() => setCount((n) => n + 1)}>
      Clicked {count} times
    </button>
  );
}

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { hashAddressFor } from "./lib/deepLink";
import "./styles.css";

const { pathname, search, hash } = window.location;
const routed = hashAddressFor(pathname, search, hash);
if (routed !== null) window.history.replaceState(null, "", routed);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

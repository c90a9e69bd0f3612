/**
 * The app routes by the hash (`/#/needs/7`). An address with the page in its path instead
 * (`/needs/7`, typed or shared without the hash) got index.html from the server and then
 * showed the home page, whatever it named. This is the hash address that opens the page the
 * path names, or null when the address routes as it is.
 */
export function hashAddressFor(pathname: string, search: string, hash: string): string | null {
  if (hash !== "" || pathname === "/" || pathname === "") return null;
  return `/#${pathname.replace(/\/+$/, "") || "/"}${search}`;
}

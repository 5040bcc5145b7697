/** cytoscape-fcose ships no types: it is a Cytoscape.js extension that registers the "fcose" layout. */
declare module "cytoscape-fcose" {
  import type { Ext } from "cytoscape";

  const fcose: Ext;
  export default fcose;
}

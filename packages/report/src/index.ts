/**
 * The board report as a document (issue 6): one rendering of a BoardReport, drawn by the
 * dashboard's board page and printed to PDF by the server and the CLI (./pdf).
 */
export {};

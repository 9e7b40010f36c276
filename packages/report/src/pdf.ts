/** Printing the board report document to PDF (issue 6). */
export {};

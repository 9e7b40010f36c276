/** The board report document as a complete HTML page (server side, for PDF printing). */
export {};

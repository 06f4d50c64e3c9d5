/** Absolute path of the folder holding `<language>/<event>.hbs`. */
export declare const templatesDir: string;

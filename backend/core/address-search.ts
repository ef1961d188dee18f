// Rules of the address search that the widget and the API share. No imports: the tip form's
// first chunk takes this without valibot.

/** The shortest query the address search takes; the widget asks for more before searching. */
export const ADDRESS_QUERY_MIN = 3;

/**
 * The avatar of a user without an uploaded image: a 128×128 PNG (a grey silhouette), built
 * in so that `image_url` always points at this server (Clerk's points at its own image host,
 * which Castellan does not serve). 443 bytes; served with a long cache lifetime.
 */
export const DEFAULT_AVATAR_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAIAAAACACAIAAABMXPacAAABgklEQVR42u3cwW1CMRRE0em/BnYUkKpQFjTBjnUkfhjb70hTwT0CKdhOHr9PKy4SAABgAAAYAAAGAIABAGAAABgAAAYAgAEAYAAAGAAABgCAAQBgAN673X8AfDX3Xwag031HiZyafheGHF9/cYNMqL+yQSakX5kho+ovaAAAwHfrr2aQgfWXMsjM+usYAABQqr+IAQAAAMbWX8EAAAAAAAAAADAToF6/buAT4CsIAAAAAAAAAODXUAAAADgTdiYMwL0g94LcjHM31N1QAN4HeB/ghYw3Yt6IeSXpnbB3wl7KA/C/IgwAAAMAwAAAMAAADIC/hP0Y50DGgYwzYfeC3AtyN9QrSa8kd0xfZ4j6XYNI32WI+l2DqN81iPpdg6jfNYj6XYOo3zWI+l2DqN81iPpdAwDHARxc/z8Mon7XAMBBAEPqX2sA4BSAUfUvNABwBMDA+lcZAAAAQP2iAQAAAABsDDC8/ucGAAAAAAAAAAAAAADsBiD95wY+Ab6CAAAoArwASBJRvYPdS3AAAAAASUVORK5CYII=',
  'base64',
);

/** The path it is served at (`image-routes.ts`); bump the version if the picture changes. */
export const DEFAULT_AVATAR_PATH = '/images/default-avatar-v1.png';

// Every page of the Next.js app, with the one style sheet.
import "../styles.css";

export default function App({ Component, pageProps }) {
  return <Component {...pageProps} />;
}

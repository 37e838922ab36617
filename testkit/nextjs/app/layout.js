// Baseline for scripts/bench.sh: the root layout shared by the docs and user pages.
import './globals.css';

export const metadata = { title: 'Leptra' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>
        <header>
          <a href="/docs">Docs</a>
          <a href="/user/octocat">octocat's repositories</a>
        </header>
        {children}
      </body>
    </html>
  );
}

// Builds the chat widget into public/vendor/ from the pinned npm packages.
// Nothing is fetched at run time: the Google Fonts @import that rasa-webchat
// ships in its CSS is removed here, and fonts fall back to the system fonts.
"use strict";
const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");

const root = __dirname;
const outdir = path.join(root, "public", "vendor");

const stripRemoteCss = {
  name: "strip-remote-css",
  setup(build) {
    build.onLoad({ filter: /rasa-webchat[\\/]module[\\/]index\.js$/ }, async (args) => {
      let code = await fs.promises.readFile(args.path, "utf8");
      const before = code.length;
      code = code.replace(/@import url\(https?:\/\/fonts\.googleapis\.com[^)]*\);/g, "");
      if (code.length === before) {
        console.warn("build.js: no remote @import found in rasa-webchat (version changed?)");
      }
      if (/@import url\(https?:/.test(code)) {
        throw new Error("rasa-webchat still imports remote CSS; update build.js");
      }
      return { contents: code, loader: "js" };
    });
  },
};

async function main() {
  fs.mkdirSync(outdir, { recursive: true });
  const version = require("rasa-webchat/package.json").version;
  await esbuild.build({
    entryPoints: [path.join(root, "src", "widget.jsx")],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2018"],
    mainFields: ["module", "main"],
    outfile: path.join(outdir, "twitch-chat.js"),
    define: {
      "process.env.NODE_ENV": '"production"',
      global: "window",
    },
    jsx: "transform",
    legalComments: "linked",
    plugins: [stripRemoteCss],
    logLevel: "warning",
    banner: { js: `/* twitch-chat widget, rasa-webchat ${version}, React 16. Licences: twitch-chat.js.LEGAL.txt */` },
  });
  fs.copyFileSync(path.join(root, "src", "twitch-chat.css"), path.join(outdir, "twitch-chat.css"));
  fs.copyFileSync(
    path.join(root, "node_modules", "rasa-webchat", "LICENSE"),
    path.join(outdir, "rasa-webchat.LICENSE.txt")
  );
  const bundle = fs.readFileSync(path.join(outdir, "twitch-chat.js"), "utf8");
  const remote = bundle.match(/@import url\(https?:[^)]*\)/g);
  if (remote) throw new Error("remote CSS left in bundle: " + remote.join(", "));
  console.log(`built public/vendor/twitch-chat.js (${(bundle.length / 1024).toFixed(0)} KiB, rasa-webchat ${version})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

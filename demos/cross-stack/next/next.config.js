// The front (demos/cross-stack/Front) sends /next/... here and everything else to the ASP.NET Core app, so every
// page and asset of this app lives under /next.
module.exports = {
  basePath: "/next",
  poweredByHeader: false,
};

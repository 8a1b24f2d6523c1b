"""How search engines find the site: robots.txt and sitemap.xml (`views`)."""

"""The upload page's views, one module each; `independence.web.app` lists their routes in one place."""

/* accessibility fixes: filled in from the axe scan */

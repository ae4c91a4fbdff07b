"""Public CCHC column: news, clips, infographics, documents; feeds and widget."""

"""LED screens and e-boards: playlists, player, heartbeats, proof of play."""

def test_world_builds(world):
    assert world.a.platform.slug == "alpha"
    assert world.b.admin.user.email == "admin@beta.example"

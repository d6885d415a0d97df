using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CartStorage.Tests;

/// <summary>
/// Drivers are names that packages register: a backend from outside the library plugs in by name, and a fake of
/// <see cref="ICartStorage"/> implements only the backend operations while the extension methods work on it.
/// </summary>
public sealed class DriverRegistrationTests
{
    [Fact]
    public async Task A_fourth_backend_registered_from_outside_is_selected_by_Cart_Driver()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cart:Driver"] = "inmemory-dictionary",
            ["Cart:Dictionary:Name"] = "mine",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(_ => null));
        var builder = services.AddCartStorage(configuration.GetSection("Cart"));
        builder.AddSection<DictionaryOptions>("Dictionary");
        builder.AddDriver("InMemory-Dictionary", sp => new DictionaryCartStorage(sp.GetRequiredService<IOptions<DictionaryOptions>>().Value.Name));
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var storage = provider.GetRequiredService<ICartStorage>();
        await storage.AddItemAsync("u", "default", new CartItem { Id = "sku-1", Quantity = 2 });

        storage.Should().BeOfType<DictionaryCartStorage>().Which.Name.Should().Be("mine");
        (await storage.GetItemsAsync("u", "default")).Should().ContainSingle().Which.Quantity.Should().Be(2);
    }

    [Fact]
    public async Task An_unregistered_driver_fails_at_startup_listing_the_registered_ones()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(_ => null));
        services.AddCartStorage(o => o.Driver = "Redis").AddDriver("Mine", _ => new DictionaryCartStorage("x"));
        await using var provider = services.BuildServiceProvider();

        FluentActions.Invoking(() => provider.GetRequiredService<IStartupValidator>().Validate())
            .Should().Throw<OptionsValidationException>().WithMessage("*Cart:Driver*'Redis'*Valid values: Cache, Mine*CartStorage.Redis*AddRedis()*");
    }

    [Fact]
    public async Task Several_drivers_and_none_chosen_fail_at_startup_listing_them()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new CartEnvironment(_ => null));
        services.AddCartStorage().AddDriver("One", _ => new DictionaryCartStorage("1")).AddDriver("Two", _ => new DictionaryCartStorage("2"));
        await using var provider = services.BuildServiceProvider();

        FluentActions.Invoking(() => provider.GetRequiredService<IStartupValidator>().Validate())
            .Should().Throw<OptionsValidationException>().WithMessage("*Cart:Driver is not set*One, Two*");
    }

    [Fact]
    public async Task The_extension_methods_work_on_a_fake_that_implements_only_the_interface()
    {
        ICartStorage storage = new DictionaryCartStorage("fake");

        await storage.PutItemsAsync("u", "default", [new CartItem { Id = "a", Name = "A", Price = 1m, Quantity = 1 }]);
        await storage.AddItemAsync("u", "default", new CartItem { Id = "a", Quantity = 2 });
        await storage.ChangeQuantityAsync("u", "default", "a", -1);
        await storage.PutMetadataAsync("u", "default", "note", System.Text.Json.JsonDocument.Parse("\"gift\"").RootElement);

        (await storage.HasAsync("u", "default")).Should().BeTrue();
        (await storage.GetItemsAsync("u", "default")).Should().ContainSingle().Which.Should().Match<CartItem>(i => i.Quantity == 2 && i.Name == "A");
        (await storage.GetMetadataAsync("u", "default", "note"))!.Value.GetString().Should().Be("gift");
        (await storage.GetVersionAsync("u", "default")).Should().Be(4);
        await storage.RemoveItemAsync("u", "default", "a");
        (await storage.GetItemsAsync("u", "default")).Should().BeEmpty();
    }

    private sealed class DictionaryOptions
    {
        public string Name { get; set; } = "default";
    }

    /// <summary>An application's own storage: only the members of <see cref="ICartStorage"/>, nothing of the library's base class.</summary>
    private sealed class DictionaryCartStorage(string name) : ICartStorage
    {
        private readonly ConcurrentDictionary<(string, string), CartSnapshot> carts = new();

        public string Name => name;

        public CartStorageCapabilities Capabilities { get; } = new("dictionary", SafeAcrossServers: false, StoreEnforcedVersionCheck: false, Locking: false);

        public Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default) =>
            Task.FromResult(carts.TryGetValue((identifier, instance), out var cart) ? cart : null);

        public Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default)
        {
            var current = carts.GetValueOrDefault((identifier, instance)) ?? CartSnapshot.Empty;
            var next = mutate(current);
            if (!ReferenceEquals(next, current))
            {
                next = next with { Version = current.Version + 1 };
                carts[(identifier, instance)] = next;
            }

            return Task.FromResult(next);
        }

        public Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default) =>
            UpdateAsync(identifier, instance, _ => snapshot with { }, ct);

        public Task ForgetAsync(string identifier, string instance, CancellationToken ct = default) =>
            Task.FromResult(carts.TryRemove((identifier, instance), out _));

        public Task ForgetAsync(string identifier, string instance, long expectedVersion, CancellationToken ct = default) =>
            ForgetAsync(identifier, instance, ct);

        public Task FlushAsync(CancellationToken ct = default)
        {
            carts.Clear();
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<string>>([.. carts.Keys.Where(k => k.Item1 == identifier).Select(k => k.Item2)]);

        public Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default) =>
            Task.WhenAll(carts.Keys.Where(k => k.Item1 == identifier).Select(k => ForgetAsync(k.Item1, k.Item2, ct)));

        public Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default)
        {
            if (!carts.TryRemove((oldIdentifier, instance), out var source))
            {
                return Task.FromResult(false);
            }

            carts[(newIdentifier, instance)] = source;
            return Task.FromResult(true);
        }

        public async Task<CartSnapshot?> MergeIdentifierAsync(string fromIdentifier, string toIdentifier, string instance, CartMergeStrategy strategy = CartMergeStrategy.AddQuantities, CancellationToken ct = default)
        {
            if (!carts.TryRemove((fromIdentifier, instance), out var source))
            {
                return await GetAsync(toIdentifier, instance, ct);
            }

            return await UpdateAsync(toIdentifier, instance, target => CartMerge.Combine(source, target, strategy), ct);
        }
    }
}

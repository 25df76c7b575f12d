// Stripe's official Node SDK, pointed at the simulator: creates a coupon and
// a Checkout Session with it, reads both back, and prints what it read as
// one JSON line for tests/sim/sdk.rs to check.
//
//   STRIPE_SIM_PORT=12111 STRIPE_SIM_KEY=sk_test_… node discounts.mjs
import Stripe from 'stripe';

const port = Number(process.env.STRIPE_SIM_PORT);
const key = process.env.STRIPE_SIM_KEY;
if (!port || !key) {
  console.error('discounts.mjs: set STRIPE_SIM_PORT and STRIPE_SIM_KEY');
  process.exit(2);
}

const stripe = new Stripe(key, {
  host: '127.0.0.1',
  port,
  protocol: 'http',
  maxNetworkRetries: 0,
  telemetry: false,
});

const coupon = await stripe.coupons.create({
  percent_off: 20,
  duration: 'once',
  name: 'Early bird',
});
const created = await stripe.checkout.sessions.create({
  mode: 'payment',
  line_items: [
    {
      price_data: {
        currency: 'eur',
        unit_amount: 4900,
        product_data: { name: 'Pottery for beginners' },
      },
      quantity: 3,
    },
  ],
  discounts: [{ coupon: coupon.id }],
  success_url: 'http://app.test/payment/success?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://app.test/payment/cancel',
});
const session = await stripe.checkout.sessions.retrieve(created.id, {
  expand: ['total_details.breakdown'],
});
const lineItems = await stripe.checkout.sessions.listLineItems(created.id);
const again = await stripe.coupons.retrieve(coupon.id);

console.log(
  JSON.stringify({
    sdk_version: Stripe.PACKAGE_VERSION ?? null,
    coupon: { id: again.id, object: again.object, percent_off: again.percent_off, valid: again.valid },
    session: {
      id: session.id,
      amount_subtotal: session.amount_subtotal,
      amount_total: session.amount_total,
      amount_discount: session.total_details.amount_discount,
      discounts: session.discounts,
      breakdown: session.total_details.breakdown,
    },
    line_items: lineItems.data.map((item) => ({
      amount_subtotal: item.amount_subtotal,
      amount_discount: item.amount_discount,
      amount_total: item.amount_total,
    })),
  }),
);

// Realistic personalized messages: Turkish names, order numbers and tracking codes, about 120 characters.
const FIRST = ['Ayşe', 'Mehmet', 'Zeynep', 'Çağrı', 'İbrahim', 'Gülşen', 'Ömer', 'Şule', 'Doğan', 'Ilgın', 'Müge', 'Ertuğrul'];
const LAST = ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Aydın', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin'];
const CARRIERS = ['Yurtiçi Kargo', 'Aras Kargo', 'MNG Kargo', 'PTT Kargo', 'Sürat Kargo'];

export function makeMessages(count) {
  const messages = new Array(count);
  for (let i = 0; i < count; i += 1) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const carrier = CARRIERS[i % CARRIERS.length];
    messages[i] = {
      to: `53${String(10_000_000 + i).padStart(8, '0')}`,
      text: `Sayın ${first} ${last}, ${100000 + i} numaralı siparişiniz ${carrier} ile yola çıktı. Takip: TR${String(i * 7919).padStart(10, '0')} İyi günler dileriz, Demo Mağaza`,
    };
  }
  return messages;
}

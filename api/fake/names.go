package fake

type namePool int

const (
	poolGerman namePool = iota
	poolEnglish
	poolRomance
	poolSpanish
	poolIndian
	poolArabic
	poolIndonesian
)

type names struct{ first, last []string }

var namePools = []names{
	poolGerman: {
		first: []string{"Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Maximilian", "Sophie", "Paul", "Hannah", "Leon", "Lena", "Tobias", "Julia", "Sebastian", "Katharina", "Jürgen", "Sabine", "Björn", "Jörg"},
		last:  []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann", "Krüger", "Hartmann"},
	},
	poolEnglish: {
		first: []string{"James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Mia", "Oliver", "Charlotte", "Jack", "Amelia", "Harry", "Isla", "Daniel", "Grace", "Chloe", "Samuel", "Emeka", "Chiamaka"},
		last:  []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Taylor", "Davies", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Thompson", "White", "Hughes", "Green", "Okafor", "Adeyemi", "O'Brien"},
	},
	poolRomance: {
		first: []string{"Camille", "Louis", "Léa", "Hugo", "Chloé", "Gabriel", "Manon", "Arthur", "Giulia", "Lorenzo", "Francesca", "Matteo", "Sanne", "Daan", "Femke", "Jeroen", "Élodie", "Théo", "Inès", "Noé"},
		last:  []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Lefèvre", "Moreau"},
	},
	poolSpanish: {
		first: []string{"Sofía", "Mateo", "Lucía", "Santiago", "Valentina", "Diego", "Camila", "Alejandro", "Martina", "Javier", "Isabella", "Pablo", "Gabriela", "Joaquín", "Ana", "João", "Beatriz", "Rafael", "Larissa", "Guilherme"},
		last:  []string{"García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Ferreira", "Álvarez", "Romero"},
	},
	poolIndian: {
		first: []string{"Aarav", "Priya", "Vivaan", "Ananya", "Aditya", "Diya", "Arjun", "Isha", "Rohan", "Kavya", "Rahul", "Sneha", "Vikram", "Pooja", "Karan", "Neha", "Siddharth", "Meera", "Amit", "Divya"},
		last:  []string{"Sharma", "Verma", "Patel", "Gupta", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Mehta", "Joshi", "Chopra", "Malhotra", "Rao", "Das", "Bose", "Kapoor", "Agarwal", "Pillai", "Menon"},
	},
	poolArabic: {
		first: []string{"Omar", "Fatima", "Ahmed", "Aisha", "Khalid", "Mariam", "Yousef", "Layla", "Hassan", "Noor", "Ali", "Huda", "Tariq", "Salma", "Karim", "Rania", "Faisal", "Dana", "Zayed", "Reem"},
		last:  []string{"Al Mansoori", "Al Hashimi", "Haddad", "Khoury", "Nasser", "Saleh", "Farouk", "Aziz", "Rahman", "Hamdan", "Al Suwaidi", "Mahmoud", "Qureshi", "Abbas", "Said", "Yassin", "Karam", "Darwish", "Bakr", "Sabbagh"},
	},
	poolIndonesian: {
		first: []string{"Putri", "Budi", "Siti", "Agus", "Dewi", "Rizky", "Ayu", "Andi", "Sri", "Dimas", "Indah", "Fajar", "Wulan", "Hendra", "Ratna", "Yusuf", "Nur", "Bayu", "Intan", "Eko"},
		last:  []string{"Santoso", "Wijaya", "Saputra", "Hidayat", "Pratama", "Kusuma", "Setiawan", "Nugroho", "Lestari", "Halim", "Gunawan", "Sari", "Utomo", "Susanto", "Wibowo", "Firmansyah", "Rahayu", "Purnomo", "Siregar", "Harahap"},
	},
}

var businessSuffixes = []string{" GmbH", " Ltd", " & Co.", " S.L.", " Logistics", " Dental Clinic", " Bakery", " Motors", " Consulting", " Store"}

var nicknameDecor = []string{"", "", "", " 🌻", " ✨", " 🙂", " (work)", " 💼", " 🏃", " ☕"}

var statusTexts = []string{
	"Hey there! I am using WhatsApp.",
	"Available",
	"Busy",
	"At work",
	"In a meeting",
	"Urgent calls only",
	"Battery about to die",
	"Sleeping 😴",
	"Living my best life ✨",
	"Carpe diem",
	"Bin im Urlaub 🏖️",
	"Disponible",
	"No WhatsApp calls please",
	"🇧🇷⚽",
}

var groupNames = []string{
	"Family", "Familie Müller", "Book Club", "Running Crew", "Project Phoenix", "Parents Class 3B",
	"Alumni 2015", "Neighbours Kastanienallee", "Volunteers", "Support Escalations", "Product Launch",
	"Customer Beta Testers", "Sales DACH", "Ops On-Call", "Weekend Football ⚽", "Yoga Mornings 🧘",
	"Hiking Group", "Wedding Planning 💍", "Flatmates", "Board Games Night 🎲", "Marketing Team",
	"Suppliers Q3", "Warehouse Shift B", "Design Reviews", "Birthday Surprise 🎉", "Travel Lisbon ✈️",
	"Kita Eltern", "Tennis Club", "Photography", "Crypto Talk", "Recipes 🍝", "Garden Allotment 🌱",
	"Delivery Drivers", "Store Managers", "Night Shift", "Investors Update", "Hackathon 2025",
	"Choir Altos", "Cycling Sundays 🚴", "Language Exchange",
}

var groupSuffixes = []string{"", "", "", "", " 2024", " 2025", " (old)", " – Berlin", " – London", " NYC", " 🎉", " Team B", " #2", " [archived]"}

var groupDescriptions = []string{
	"Please keep messages on topic. No spam, no forwards.",
	"Official group for updates. Only admins can post announcements.",
	"Shift swaps and schedules. Be kind 🙏",
	"Planning, photos and memories.",
	"Weekly meetups every Thursday 19:00.",
	"Read the pinned message before posting.",
	"Questions about orders go to support@example.com",
}

var messageTemplates = map[string][]string{
	"support": {
		"Hi %s, thanks for reaching out! Ticket #%d has been created and an agent will reply shortly.",
		"Hello %s, your ticket #%d has been resolved. Reply to this message if you need anything else.",
		"Hi %s, could you send us a photo of the damaged item? Ticket #%d.",
		"Hallo %s, vielen Dank für Ihre Geduld! Ihr Ticket #%d ist in Bearbeitung.",
		"Our support hours are Mon–Fri 08:00–18:00 CET. Ticket #%[2]d, %[1]s.",
	},
	"sales": {
		"Hi %s 👋 our autumn catalogue is out! Use code AUTUMN%d for 10%% off.",
		"Hola %s, ¿tienes unos minutos para hablar de tu pedido #%d?",
		"Bonjour %s, merci pour votre intérêt ! Devis n°%d en pièce jointe.",
		"Hi %s, following up on quote #%d — happy to jump on a quick call.",
		"Ciao %s! Il tuo ordine #%d è stato confermato ✅",
	},
	"orders": {
		"Hi %s, your order #%d has shipped 🚚 Track it at https://track.example.com/%[2]d",
		"Your verification code is %06[2]d. It expires in 10 minutes. (%[1]s)",
		"%s, your order #%d is out for delivery today between 14:00 and 16:00.",
		"Payment received for order #%[2]d. Thank you, %[1]s!",
		"Hi %s, your return #%d was approved. Refund in 3–5 business days.",
	},
	"field": {
		"Hi %s, your technician arrives tomorrow between 8 and 10. Job #%d.",
		"%s, job #%d is complete. Please rate us 1–5 ⭐",
		"Reminder for %s: site visit #%d at 09:30.",
	},
	"generic": {
		"Hi %s, this is a reminder about appointment #%d.",
		"Hello %s! Message #%d from our team.",
	},
}

var groupMessageTemplates = []string{
	"📢 Shift plan for week %[2]d is pinned. %[1]s, please confirm.",
	"Reminder: meeting moved to 15:00 (ref %[2]d)",
	"Good morning everyone ☀️ update #%[2]d",
}

var failureReasons = []string{
	"invalid WhatsApp number",
	"recipient not on WhatsApp",
	"session disconnected",
	"message timed out",
}
